/// One stream's protocol state machine. It does no I/O and never waits: each event (a client message,
/// an inferred clip) returns the actions the driver must perform, in order.
///
/// It owns everything per stream: PCM decoding, resampling, segmentation, the frame timeline, the
/// postprocessing pipeline and its context. Segments are reported back by ``inferred(_:)`` in the order
/// they were handed out.
public struct StreamSession: Sendable {
    /// Longest `request_id` accepted.
    public static let maxRequestIDLength = 256

    private enum Phase: Sendable {
        case awaitingStart
        case streaming
        case awaitingInference
        case finished
    }

    private let environment: StreamEnvironment
    private var phase = Phase.awaitingStart
    private var active: ActiveStream?

    /// Creates a session waiting for its start message.
    public init(environment: StreamEnvironment) {
        self.environment = environment
    }

    /// The accepted start request, once the stream has started.
    public var start: StreamStart? { active?.start }
    /// The profile actually used (after fallback), once started.
    public var profileName: String? { active?.pipeline.profileName }
    /// True when the client asked for a profile that does not exist and got the first one instead.
    public var profileFellBack: Bool { active?.profileFellBack ?? false }
    /// Seconds of audio received so far (at the input rate).
    public var receivedAudioSeconds: Double { active?.receivedAudioSeconds ?? 0 }
    /// Frames sent to the client so far.
    public var sentFrameCount: Int { active?.sentFrameCount ?? 0 }
    /// True once the stream has ended (normally).
    public var isFinished: Bool { phase == .finished }

    /// Handles one client message.
    public mutating func receive(_ message: ClientMessage) throws(StreamError) -> [SessionAction] {
        switch (phase, message) {
        case (.awaitingStart, .start(let request)):
            return try begin(request)
        case (.awaitingStart, _):
            throw .protocolViolation("the first message must be StreamingAudio2FaceV1ChunkStart")
        case (.streaming, .start):
            throw .protocolViolation("StreamingAudio2FaceV1ChunkStart was sent twice")
        case (.streaming, .body(let pcm, let offsetName)):
            return try withActive { stream throws(StreamError) in try stream.receiveBody(pcm: pcm, offsetName: offsetName) }
        case (.streaming, .end):
            phase = .awaitingInference
            var actions = withActive { $0.receiveEnd() }
            if actions.isEmpty { actions = completeIfDone() }
            return actions
        case (.awaitingInference, _), (.finished, _):
            throw .protocolViolation("no message may follow StreamingAudio2FaceV1ChunkEnd")
        }
    }

    /// Handles the engine's clip for the oldest segment still being inferred.
    public mutating func inferred(_ clip: FaceClip) throws(StreamError) -> [SessionAction] {
        guard active != nil, phase == .streaming || phase == .awaitingInference else {
            throw .protocolViolation("a clip arrived for a stream that is not running")
        }
        let actions = try withActive { stream throws(StreamError) in try stream.answer(clip) }
        return actions + completeIfDone()
    }

    private mutating func begin(_ request: StreamStart) throws(StreamError) -> [SessionAction] {
        let stream = try ActiveStream(start: request, environment: environment)
        active = stream
        phase = .streaming
        return [.send(.start(channelNames: stream.outputNames, dtype: environment.streaming.dtype))]
    }

    private mutating func completeIfDone() -> [SessionAction] {
        guard phase == .awaitingInference, active?.segmentsInFlight == 0 else { return [] }
        phase = .finished
        return [.send(.end), .finish]
    }

    /// Mutates the active stream in place (no copy of its buffers).
    private mutating func withActive<Result, Failure: Error>(
        _ body: (inout ActiveStream) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var stream = active!
        active = nil
        defer { active = stream }
        return try body(&stream)
    }
}
