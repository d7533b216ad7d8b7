import Audio2Face
import Audio2FaceClient
import Audio2FaceServer

/// The three fuzzed parts. Each takes arbitrary bytes and checks the part's promises: it must never
/// crash, errors must be the part's own typed errors, and its outputs must be sane. A broken promise
/// is returned as a finding (the harness records the input).
enum FuzzTargets {
    /// The wire decoder: any bytes decode to a client message or a protocol violation.
    static func wireDecoder(_ bytes: [UInt8]) -> String? {
        do {
            let message = try WireCodec.decodeClientMessage(bytes)
            // A decoded message must encode again (the codec's own output is decodable).
            _ = try WireCodec.decodeClientMessage(WireCodec.encodeClientMessage(message))
            return nil
        } catch {
            switch error {
            case .protocolViolation: return nil
            default: return "wire decoder threw \(error)"
            }
        }
    }

    /// The PCM decoder and resampler: the first three bytes pick a format (rate, width, channels,
    /// including refused ones), the rest is PCM cut into two chunks at an arbitrary byte.
    static func pcmDecoder(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 3 else { return nil }
        let rates = [8_000, 11_025, 16_000, 22_050, 44_100, 48_000, 7_999, 48_001, 12_345, 0, -1]
        let rate = rates[Int(bytes[0]) % rates.count]
        let width = Int(bytes[1] % 6)
        let channels = Int(bytes[2] % 10)
        guard let format = try? PCMFormat(sampleRate: rate, sampleWidth: width, channelCount: channels) else {
            return PCMFormat.supportedSampleRates.contains(rate) && PCMFormat.supportedSampleWidths.contains(width)
                && PCMFormat.supportedChannelCounts.contains(channels) ? "a supported format was refused" : nil
        }
        let pcm = Array(bytes.dropFirst(3))
        let cut = pcm.isEmpty ? 0 : Int(bytes[0]) % (pcm.count + 1)
        var decoder = PCMDecoder(format: format)
        var resampler = Resampler(inputRate: format.sampleRate)
        var decoded: [Float] = []
        var resampled: [Float] = []
        decoder.decode(pcm[..<cut], into: &decoded)
        decoder.decode(pcm[cut...], into: &decoded)
        guard decoded.count == pcm.count / format.bytesPerFrame else {
            return "decoded \(decoded.count) samples from \(pcm.count) bytes of \(format)"
        }
        guard decoded.allSatisfy({ $0.isFinite && abs($0) <= 1 }) else { return "decoded sample outside [-1, 1]" }
        resampler.process(decoded, into: &resampled)
        resampler.finish(into: &resampled)
        guard resampled.allSatisfy({ $0.isFinite && abs($0) <= 2 }) else {
            return "resampled sample not finite or above 2"
        }
        return nil
    }

    /// The stream state machine: the bytes are split into messages (a length byte, then that many
    /// bytes decoded by the wire decoder) and fed to a session with an instant fake engine. The
    /// session may refuse them, but never crash, never send more frames than the audio allows, and
    /// never act after its end.
    static func streamSession(_ bytes: [UInt8], environment: StreamEnvironment) -> String? {
        var session = StreamSession(environment: environment)
        var offset = 0
        var finished = false
        while offset < bytes.count {
            let length = Int(bytes[offset])
            let message = Array(bytes[(offset + 1)..<min(bytes.count, offset + 1 + length)])
            offset += 1 + length
            guard let decoded = try? WireCodec.decodeClientMessage(message) else { continue }
            do {
                var pending: [SessionAction] = []
                for event in decoded.events { pending += try session.handle(.client(event)) }
                while !pending.isEmpty {
                    let action = pending.removeFirst()
                    switch action {
                    case .infer(let segment):
                        let clip = FaceClip(
                            channelNames: environment.engine.channelNames,
                            values: [Float](
                                repeating: 0.5, count: segment.frames.count * environment.engine.channelNames.count),
                            startFrame: segment.frames.lowerBound)
                        pending += try session.handle(.inferred(clip))
                    case .emit:
                        if finished { return "an output was emitted after finish" }
                    case .notice:
                        break
                    case .finish:
                        finished = true
                    }
                }
            } catch {
                return nil  // a refused stream ends; the server closes it
            }
            let allowed = (session.receivedAudioSeconds * environment.streaming.framesPerSecond).rounded(.up) + 1
            if Double(session.emittedFrameCount) > allowed {
                return "sent \(session.emittedFrameCount) frames for \(session.receivedAudioSeconds) s of audio"
            }
        }
        return nil
    }
}
