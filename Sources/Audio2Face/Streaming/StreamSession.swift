/// One stream's state machine, shared by every transport. It does no I/O and never waits: each
/// ``SessionEvent`` returns the actions its driver must perform, in order.
///
/// It owns everything per stream: PCM decoding, resampling, segmentation, the frame timeline, the
/// postprocessing pipeline and its context. Clips come back through ``handle(_:)`` in the order their
/// segments were handed out.
public struct StreamSession: Sendable {
    /// Longest `request_id` accepted.
    public static let maxRequestIDLength = 256

    private enum State: Sendable {
        /// Nothing received yet.
        case awaitingStart
        /// Started; audio may come.
        case streaming(ActiveStream)
        /// The client ended; segments are still being inferred.
        case ending(ActiveStream)
        /// Every frame has been emitted.
        case finished(ActiveStream)
        /// Transient while a stream is mutated in place (never observed between calls).
        case mutating
    }

    private let environment: StreamEnvironment
    private var state = State.awaitingStart

    /// Creates a session waiting for its start event.
    public init(environment: StreamEnvironment) {
        self.environment = environment
    }

    /// The accepted start request, once the stream has started.
    public var start: StreamStart? { stream?.start }
    /// The profile actually used (after fallback), once started.
    public var profileName: String? { stream?.pipeline.profileName }
    /// The start's audio format, once started.
    public var format: PCMFormat? { stream?.format }
    /// Seconds of audio received so far (at the input rate).
    public var receivedAudioSeconds: Double { stream?.receivedAudioSeconds ?? 0 }
    /// Frames emitted so far.
    public var emittedFrameCount: Int { stream?.emittedFrameCount ?? 0 }
    /// True once the stream has ended normally.
    public var isFinished: Bool {
        if case .finished = state { true } else { false }
    }

    private var stream: ActiveStream? {
        switch state {
        case .streaming(let stream), .ending(let stream), .finished(let stream): stream
        case .awaitingStart, .mutating: nil
        }
    }

    /// Handles one event and returns what the driver must do.
    public mutating func handle(_ event: SessionEvent) throws(StreamError) -> [SessionAction] {
        switch (state, event) {
        case (.awaitingStart, .client(.start(let request))):
            let stream = try ActiveStream(start: request, environment: environment)
            state = .streaming(stream)
            return stream.startActions
        case (.awaitingStart, .client):
            throw .outOfOrder(.startMissing)
        case (.streaming, .client(.start)):
            throw .outOfOrder(.startRepeated)
        case (.streaming, .client(.audio(let pcm))):
            return try updateStream { stream throws(StreamError) in try stream.receiveAudio(pcm) }
        case (.streaming, .client(.emotion(let name))):
            return updateStream { $0.receiveEmotion(name) }
        case (.streaming, .client(.end)):
            let actions = updateStream { $0.receiveEnd() }
            guard case .streaming(let stream) = state else { return actions }
            state = .ending(stream)
            return actions + finishIfDone()
        case (.ending, .client), (.finished, .client):
            throw .outOfOrder(.afterEnd)
        case (.streaming, .inferred(let clip)), (.ending, .inferred(let clip)):
            let actions = try updateStream { stream throws(StreamError) in try stream.receiveClip(clip) }
            return actions + finishIfDone()
        case (.awaitingStart, .inferred), (.finished, .inferred), (.mutating, _):
            throw .inferenceFailed("a clip arrived for a stream that is not running")
        }
    }

    private mutating func finishIfDone() -> [SessionAction] {
        guard case .ending(let stream) = state, stream.segmentsInFlight == 0 else { return [] }
        state = .finished(stream)
        return [.emit(.ended), .finish]
    }

    /// Mutates the running stream in place, keeping its state (streaming or ending); the stream is moved
    /// out first so that its buffers are not copied.
    private mutating func updateStream<Failure: Error>(
        _ body: (inout ActiveStream) throws(Failure) -> [SessionAction]
    ) throws(Failure) -> [SessionAction] {
        let rebuild: (ActiveStream) -> State
        var stream: ActiveStream
        switch state {
        case .streaming(let current):
            stream = current
            rebuild = State.streaming
        case .ending(let current):
            stream = current
            rebuild = State.ending
        case .awaitingStart, .finished, .mutating:
            return []
        }
        state = .mutating
        defer { state = rebuild(stream) }
        return try body(&stream)
    }
}
