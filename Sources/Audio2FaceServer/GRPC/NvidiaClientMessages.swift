import Audio2Face
import GRPCCore
import NvidiaA2FProtocol

/// A gRPC stream's `AudioWithEmotionStream` messages as client events: the header starts the stream in
/// the format it declares, audio feeds it, `end_of_audio` ends it. The header, the audio (to be echoed)
/// and the emotion keyframes are also left in the stream's ``NvidiaStreamLedger`` for its frame sink.
/// Order is the core's to check: audio before the header, or a second header, fail the stream there.
struct NvidiaClientMessages: ClientMessageSource {
    var messages: RPCAsyncSequence<NvidiaAudioStream, any Error>.AsyncIterator
    let ledger: NvidiaStreamLedger
    /// The profile every gRPC stream uses.
    let profileName: String
    /// The stream's name in logs (the RPC's `x-request-id` metadata, else a generated one).
    let requestID: String
    /// Largest audio message accepted (`server.max_message_bytes`).
    let maxMessageBytes: Int
    /// Whether `end_of_audio` has arrived.
    private var ended = false

    init(
        messages: RPCAsyncSequence<NvidiaAudioStream, any Error>.AsyncIterator, ledger: NvidiaStreamLedger,
        profileName: String, requestID: String, maxMessageBytes: Int
    ) {
        self.messages = messages
        self.ledger = ledger
        self.profileName = profileName
        self.requestID = requestID
        self.maxMessageBytes = maxMessageBytes
    }

    mutating func nextEvents() async throws -> [ClientEvent]? {
        guard let message = try await messages.next() else {
            // The client closed its side of the call: that is the end only after end_of_audio.
            if ended { return nil }
            if ledger.header == nil { throw StreamError.outOfOrder(.startMissing) }
            throw StreamError.protocolViolation(
                "the request stream was closed before end_of_audio; send end_of_audio after the last audio")
        }
        switch message.streamPart {
        case .audioStreamHeader(let header):
            if ledger.header != nil { throw StreamError.outOfOrder(.startRepeated) }
            let format = try Self.format(of: header.audioHeader)
            ledger.recordHeader(header, format: format)
            return [
                .start(
                    StreamStart(
                        requestID: requestID, sampleRate: format.sampleRate, sampleWidth: format.sampleWidth,
                        channelCount: format.channelCount, profileName: profileName))
            ]
        case .audioWithEmotion(let audio):
            guard audio.audioBuffer.count <= maxMessageBytes else {
                throw StreamError.messageTooLarge(
                    "audio_with_emotion.audio_buffer has \(audio.audioBuffer.count) bytes, more than "
                        + "server.max_message_bytes (\(maxMessageBytes) bytes): send the audio in smaller messages")
            }
            let bytes = [UInt8](audio.audioBuffer)
            if ledger.header != nil { ledger.recordAudio(bytes, keyframes: audio.emotions) }
            return [.audio(bytes)]
        case .endOfAudio:
            ended = true
            return [.end]
        case nil:
            throw StreamError.protocolViolation(
                "a message without stream_part; send audio_stream_header, audio_with_emotion or end_of_audio")
        }
    }

    /// The PCM format an NVIDIA audio header declares, with errors in NVIDIA's field names.
    static func format(of header: NvidiaAudioHeader) throws(StreamError) -> PCMFormat {
        guard header.audioFormat == .pcm else {
            throw .protocolViolation(
                "audio_header.audio_format \(header.audioFormat.rawValue) is not supported; use AUDIO_FORMAT_PCM (0)")
        }
        let widthByBits = [8: 1, 16: 2, 32: 4]
        guard let sampleWidth = widthByBits[Int(header.bitsPerSample)] else {
            throw .protocolViolation(
                "audio_header.bits_per_sample \(header.bitsPerSample) is not supported; use 16 (signed), "
                    + "8 (unsigned) or 32 (signed)")
        }
        let rates = PCMFormat.supportedSampleRates
        guard rates.contains(Int(header.samplesPerSecond)) else {
            throw .protocolViolation(
                "audio_header.samples_per_second \(header.samplesPerSecond) is not supported; use "
                    + "\(rates.lowerBound)…\(rates.upperBound) (16000 advised)")
        }
        let channels = PCMFormat.supportedChannelCounts
        guard channels.contains(Int(header.channelCount)) else {
            throw .protocolViolation(
                "audio_header.channel_count \(header.channelCount) is not supported; use "
                    + "\(channels.lowerBound)…\(channels.upperBound) (1 advised)")
        }
        do {
            return try PCMFormat(
                sampleRate: Int(header.samplesPerSecond), sampleWidth: sampleWidth,
                channelCount: Int(header.channelCount))
        } catch {
            throw .unsupportedFormat(error)
        }
    }
}
