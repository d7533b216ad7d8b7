import Audio2Face
import Audio2FaceClient
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import NvidiaA2FProtocol
import Synchronization

/// A client of NVIDIA's Audio2Face-3D `ProcessAudioStream` call: sends one recording as the header (the
/// WAV's sample rate, width and channel count), audio messages of `chunkBytes` (paced at real time when
/// asked) and `end_of_audio`, and collects every reply with its arrival time. Used by
/// `audio2face stream --grpc` and `audio2face bench load --grpc`.
struct NvidiaStreamClient: Sendable {
    /// Request id, chunk size and pacing; `profileName` and `offsetName` are not part of NVIDIA's API.
    var options: StreamClient.Options
    /// Sent as the metadata `authorization: Bearer KEY` when set.
    var apiKey: String?

    /// Connects to `address` over plaintext HTTP/2, streams `wav` and returns what came back. A call the
    /// server refuses or fails ends up in `callError`; only a failure to set up the transport throws.
    func stream(_ wav: WAVFile, to address: GRPCAddress) async throws -> NvidiaStreamResult {
        let transport = try HTTP2ClientTransport.Posix(target: address.target, transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { client in
            try await stream(wav, through: NvidiaA2FControllerService.Client(wrapping: client))
        }
    }

    /// Streams `wav` through an open client.
    func stream(
        _ wav: WAVFile, through service: NvidiaA2FControllerService.Client<some ClientTransport>
    ) async throws -> NvidiaStreamResult {
        let clock = ContinuousClock()
        // Times count from the header being sent (the first byte, as for the WebSocket client).
        let began = Mutex<ContinuousClock.Instant?>(nil)
        let sent = Mutex<SendTiming?>(nil)
        let elapsed: @Sendable () -> Double = {
            let now = clock.now
            return (now - (began.withLock { $0 } ?? now)).seconds
        }
        var result = try await service.processAudioStream(
            metadata: metadata,
            requestProducer: { writer in
                let start = clock.now
                began.withLock { $0 = start }
                let timing = try await send(wav, to: writer, clock: clock, began: start)
                sent.withLock { $0 = timing }
            },
            onResponse: { response in await Self.collect(response, elapsed: elapsed) })
        if let timing = sent.withLock({ $0 }) {
            result.report.chunkSendTimes = timing.chunks
            result.report.endSentSeconds = timing.endSent
        }
        return result
    }

    /// The call's metadata: the API key and the request id (`x-request-id`, which the server logs).
    private var metadata: Metadata {
        var metadata: Metadata = [:]
        if let apiKey { metadata.addString("Bearer \(apiKey)", forKey: "authorization") }
        if !options.requestID.isEmpty { metadata.addString(options.requestID, forKey: "x-request-id") }
        return metadata
    }

    /// When each chunk and `end_of_audio` went out.
    private typealias SendTiming = (chunks: [(sentSeconds: Double, audioEndSeconds: Double)], endSent: Double)

    private func send(
        _ wav: WAVFile, to writer: RPCWriter<NvidiaAudioStream>, clock: ContinuousClock,
        began: ContinuousClock.Instant
    ) async throws -> SendTiming {
        let format = wav.format
        var audioHeader = NvidiaAudioHeader()
        audioHeader.audioFormat = .pcm
        audioHeader.channelCount = UInt32(format.channelCount)
        audioHeader.samplesPerSecond = UInt32(format.sampleRate)
        audioHeader.bitsPerSample = UInt32(format.sampleWidth * 8)
        var header = NvidiaAudioStreamHeader()
        header.audioHeader = audioHeader
        var first = NvidiaAudioStream()
        first.streamPart = .audioStreamHeader(header)
        try await writer.write(first)

        let schedule = AudioChunkSchedule(
            wav, chunkBytes: options.chunkBytes, allowPartialFrames: options.allowPartialFrames)
        let chunks = try await schedule.send(realTime: options.realtime, clock: clock, began: began) { chunk in
            var audio = NvidiaAudioWithEmotion()
            audio.audioBuffer = Data(chunk.pcm)
            var message = NvidiaAudioStream()
            message.streamPart = .audioWithEmotion(audio)
            try await writer.write(message)
        }
        var last = NvidiaAudioStream()
        last.streamPart = .endOfAudio(NvidiaAudioStream.EndOfAudio())
        try await writer.write(last)
        return (chunks, (clock.now - began).seconds)
    }

    /// Reads every reply until the call ends; the call's error status is kept, not thrown.
    private static func collect(
        _ response: StreamingClientResponse<NvidiaAnimationStream>, elapsed: @Sendable () -> Double
    ) async -> NvidiaStreamResult {
        var result = NvidiaStreamResult()
        do {
            for try await message in response.messages {
                record(message, at: elapsed(), into: &result)
            }
        } catch let error as RPCError {
            result.callError = error
        } catch {
            result.callError = RPCError(code: .unknown, message: "\(error)")
        }
        return result
    }

    private static func record(
        _ message: NvidiaAnimationStream, at seconds: Double, into result: inout NvidiaStreamResult
    ) {
        switch message.streamPart {
        case .animationDataStreamHeader(let header):
            result.report.messageKinds.append("header")
            let names = header.skelAnimationHeader.blendShapes
            result.report.channelNames = names
            result.report.frames = FaceClip(channelNames: names, values: [])
            result.echoedAudioHeader = header.hasAudioHeader ? header.audioHeader : nil
        case .animationData(let data):
            result.report.messageKinds.append("animation_data")
            result.animationDataCount += 1
            if data.metadata["emotion_aggregate"] != nil { result.emotionAggregateCount += 1 }
            if data.hasAudio {
                result.echoedAudio.append(data.audio.audioBuffer)
                result.echoedAudioTimeCodes.append(data.audio.timeCode)
            }
            let weights = data.skelAnimation.blendShapeWeights
            guard !weights.isEmpty else { return }
            guard let names = result.report.channelNames else {
                result.violations.append("animation data arrived before the header")
                return
            }
            if let wrong = weights.first(where: { $0.values.count != names.count }) {
                result.violations.append(
                    "the frame at \(wrong.timeCode) s has \(wrong.values.count) weights for \(names.count) blend shapes"
                )
                return
            }
            result.report.bodyFrameCounts.append(weights.count)
            result.report.frameArrivalSeconds += repeatElement(seconds, count: weights.count)
            result.report.frames?.values += weights.flatMap(\.values)
            result.frameTimeCodes += weights.map(\.timeCode)
        case .event(let event):
            result.report.messageKinds.append("event")
            if event.eventType == .endOfA2FAudioProcessing { result.endEventReceived = true }
        case .status(let status):
            result.report.messageKinds.append("status")
            result.statuses.append(status)
            if status.code == .success { result.report.endReceivedSeconds = seconds }
        case nil:
            result.violations.append("a message with no stream part")
        }
    }
}
