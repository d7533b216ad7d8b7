import Logging
import Metrics

/// Drives one stream: feeds client messages to its ``StreamSession``, runs the engine on each segment as
/// soon as it is cut, and hands every outgoing message to `send` in order.
///
/// Inference happens inline, so a stream's segments are processed strictly in order and a client that
/// sends faster than the engine runs is slowed down by the transport (its next message is not read
/// until the current one is answered). Different streams run in parallel in their own tasks.
public struct StreamRunner: Sendable {
    private var session: StreamSession
    private var engineStream: any FaceEngineStream
    private let postprocess: PostprocessLibrary
    private var logger: Logger
    private var processingDuration = Duration.zero
    private var lastOffsetName = ""
    private let metrics: StreamMetrics
    /// When the start message arrived, until the first frame has been sent.
    private var awaitingFirstFrameSince: ContinuousClock.Instant?

    /// Creates a runner for a new connection.
    public init(environment: StreamEnvironment, logger: Logger) {
        session = StreamSession(environment: environment)
        engineStream = environment.engine.makeStream()
        postprocess = environment.postprocess
        metrics = environment.metrics
        self.logger = logger
        self.logger[metadataKey: "engine.kind"] = .string(environment.engine.kind)
    }

    /// The session's state, for logs and tests.
    public var state: StreamSession { session }

    /// Handles one client message; returns true when the stream has finished normally.
    public mutating func handle(
        _ message: ClientMessage, send: (ServerMessage) async throws -> Void
    ) async throws -> Bool {
        let clock = ContinuousClock()
        let began = clock.now
        let audioBefore = session.receivedAudioSeconds
        let actions = try session.receive(message)
        metrics.audioSeconds.increment(by: session.receivedAudioSeconds - audioBefore)
        switch message {
        case .start(let request):
            awaitingFirstFrameSince = began
            noteStart(request)
        case .body(_, let offsetName) where !offsetName.isEmpty && offsetName != lastOffsetName: noteOffset(offsetName)
        default: break
        }
        let finished = try await perform(actions, send: send)
        processingDuration += clock.now - began
        if finished { noteEnd() }
        return finished
    }

    private mutating func perform(
        _ actions: [SessionAction], send: (ServerMessage) async throws -> Void
    ) async throws -> Bool {
        for action in actions {
            switch action {
            case .send(let message):
                try await send(message)
                if case .body(let clip) = message { noteFramesSent(clip.frameCount) }
            case .infer(let segment):
                let clip = try await infer(segment)
                if try await perform(session.inferred(clip), send: send) { return true }
            case .finish:
                return true
            }
        }
        return false
    }

    private mutating func infer(_ segment: AudioSegment) async throws(StreamError) -> FaceClip {
        let clock = ContinuousClock()
        let began = clock.now
        do {
            let clip = try await engineStream.infer(segment)
            metrics.inferenceDuration.recordInterval(since: began, now: clock.now)
            metrics.segmentSeconds.record(segment.durationSeconds)
            logger.debug(
                "segment inferred",
                metadata: [
                    "segment.seconds": .stringConvertible(segment.durationSeconds),
                    "segment.frames": .stringConvertible(segment.frames.count),
                    "inference.ms": .stringConvertible((clock.now - began).milliseconds),
                ])
            return clip
        } catch let error as StreamError {
            throw error
        } catch {
            throw .inferenceFailed("\(error)")
        }
    }

    private mutating func noteFramesSent(_ count: Int) {
        metrics.framesSent.increment(by: count)
        if let since = awaitingFirstFrameSince, count > 0 {
            metrics.firstFrameLatency.recordInterval(since: since, now: .now)
            awaitingFirstFrameSince = nil
        }
    }

    private mutating func noteOffset(_ offsetName: String) {
        lastOffsetName = offsetName
        let known = postprocess.presetNames(forProfile: session.profileName ?? "")
        if !known.isEmpty && !known.contains(offsetName) {
            logger.warning(
                "unknown offset_name; no emotion preset applied",
                metadata: ["stream.offset_name": .string(offsetName)])
        }
    }

    private mutating func noteStart(_ request: StreamStart) {
        logger[metadataKey: "stream.id"] = .string(request.requestID)
        logger[metadataKey: "stream.profile"] = .string(session.profileName ?? "")
        if session.profileFellBack {
            logger.warning(
                "unknown profile requested; using the first configured profile",
                metadata: ["stream.requested_profile": .string(request.profileName)])
        }
        metrics.streamsStarted.increment()
        logger.info(
            "stream started",
            metadata: [
                "stream.format": .string(session.start.map { "\($0.sampleRate) Hz, \($0.sampleWidth * 8)-bit, \($0.channelCount) ch" } ?? "")
            ])
    }

    private func noteEnd() {
        logger.info(
            "stream finished",
            metadata: [
                "stream.audio_seconds": .stringConvertible(session.receivedAudioSeconds),
                "stream.frames": .stringConvertible(session.sentFrameCount),
                "stream.processing_seconds": .stringConvertible(processingDuration.seconds),
            ])
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    /// The duration in (fractional) milliseconds.
    public var milliseconds: Double { seconds * 1_000 }
}

extension Timer {
    /// Records the time from `start` to `now`.
    func recordInterval(since start: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        let elapsed = (now - start).components
        recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
    }
}
