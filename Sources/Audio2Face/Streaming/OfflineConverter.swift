import Logging

/// Runs a whole recording through the same runner a network client uses (session, engine,
/// postprocessing), for the `convert` command and for tests.
public struct OfflineConverter: Sendable {
    /// The shared service environment.
    public let environment: StreamEnvironment

    /// Creates a converter.
    public init(environment: StreamEnvironment) {
        self.environment = environment
    }

    /// Converts `wav` into one clip, feeding it in `chunkSeconds` pieces and reporting the fraction
    /// done after each.
    public func convert(
        _ wav: WAVFile, profileName: String = "", offsetName: String = "", chunkSeconds: Double = 1,
        progress: @escaping @Sendable (Double) -> Void = { _ in }
    ) async throws -> FaceClip {
        var runner = StreamRunner(environment: environment, logger: .init(label: "audio2face.convert"))
        let format = wav.format
        let start = StreamStart(
            requestID: "convert", sampleRate: format.sampleRate, sampleWidth: format.sampleWidth,
            channelCount: format.channelCount, profileName: profileName)
        let chunkBytes = max(1, Int(chunkSeconds * Double(format.sampleRate))) * format.bytesPerFrame
        let events = RecordingEvents(
            start: start, emotion: offsetName, pcm: wav.pcmBytes, chunkBytes: chunkBytes, progress: progress)
        var collector = ClipCollector()
        switch await runner.run(events, into: &collector) {
        case .completed: return collector.clip
        case .failed(let error): throw error
        case .transportFailed(let error): throw error
        case .clientLeft: throw StreamError.inferenceFailed("the stream ended before all audio was answered")
        }
    }
}

/// A recording as client events: start, the emotion (if any), the audio in equal chunks, end; reports
/// progress as each chunk is taken.
private struct RecordingEvents: AsyncSequence, Sendable {
    let start: StreamStart
    let emotion: String
    let pcm: [UInt8]
    let chunkBytes: Int
    let progress: @Sendable (Double) -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        let recording: RecordingEvents
        var pending: [ClientEvent]
        var offset = 0
        var ended = false

        mutating func next() async throws -> ClientEvent? {
            if !pending.isEmpty { return pending.removeFirst() }
            let pcm = recording.pcm
            guard offset < pcm.count else {
                if ended { return nil }
                ended = true
                return .end
            }
            let end = Swift.min(offset + recording.chunkBytes, pcm.count)
            defer {
                offset = end
                recording.progress(Double(end) / Double(pcm.count))
            }
            return .audio(Array(pcm[offset..<end]))
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(recording: self, pending: [.start(start)] + (emotion.isEmpty ? [] : [.emotion(emotion)]))
    }
}
