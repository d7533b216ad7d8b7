import Logging
import Metrics

/// Drives one stream for any transport: takes client events from an async sequence, feeds them to its
/// ``StreamSession``, runs the engine on each segment as soon as it is cut, and delivers every output to
/// a ``FrameSink`` in order.
///
/// Inference happens inline, so a stream's segments are processed strictly in order and a client that
/// sends faster than the engine runs is slowed down by the transport (its next event is not taken until
/// the current one is answered). Different streams run in parallel in their own tasks.
public struct StreamRunner: Sendable {
    private var session: StreamSession
    private var engineStream: any FaceEngineStream
    private var logger: Logger
    private let metrics: StreamMetrics
    private var processingDuration = Duration.zero
    /// When the start arrived, until the first frame has been delivered.
    private var awaitingFirstFrameSince: ContinuousClock.Instant?
    /// Holds back repeated warnings, so that a client repeating a mistake cannot flood the logs.
    private var warnings = RepeatedWarningLimiter()
    /// The stream's age on the runner's clock, for the warning limit.
    private let age: @Sendable () -> Duration

    /// Creates a runner for a new stream.
    public init(environment: StreamEnvironment, logger: Logger) {
        self.init(environment: environment, logger: logger, clock: ContinuousClock())
    }

    /// Creates a runner for a new stream whose warning rate limit keeps time on `clock`.
    public init<C: Clock<Duration>>(environment: StreamEnvironment, logger: Logger, clock: C) {
        session = StreamSession(environment: environment)
        engineStream = environment.engine.makeStream()
        metrics = environment.metrics
        self.logger = logger
        self.logger[metadataKey: "engine.kind"] = .string(environment.engine.kind)
        let start = clock.now
        age = { start.duration(to: clock.now) }
    }

    /// The session's state, for logs and tests.
    public var state: StreamSession { session }

    /// Runs the stream until the session finishes, the events end, or something fails. Errors thrown
    /// by `events` that are ``StreamError``s fail the stream; any other error, from `events` or from
    /// `sink`, is a transport failure.
    public mutating func run(
        _ events: some AsyncSequence<ClientEvent, any Error>, into sink: inout some FrameSink
    ) async -> StreamOutcome {
        defer { reportSuppressedWarnings() }
        do {
            for try await event in events {
                if try await handle(event, sink: &sink) { return .completed }
            }
            return .clientLeft
        } catch let error as StreamError {
            return .failed(error)
        } catch {
            return .transportFailed(error)
        }
    }

    /// Handles one client event; returns true when the stream has finished normally.
    private mutating func handle(_ event: ClientEvent, sink: inout some FrameSink) async throws -> Bool {
        let clock = ContinuousClock()
        let began = clock.now
        if case .start = event { awaitingFirstFrameSince = began }
        let audioBefore = session.receivedAudioSeconds
        let actions = try session.handle(.client(event))
        metrics.audioSeconds.increment(by: session.receivedAudioSeconds - audioBefore)
        let finished = try await perform(actions, sink: &sink)
        processingDuration += clock.now - began
        if finished {
            reportSuppressedWarnings()
            noteFinished()
        }
        return finished
    }

    private mutating func perform(_ actions: [SessionAction], sink: inout some FrameSink) async throws -> Bool {
        for action in actions {
            switch action {
            case .emit(let output):
                try await sink.deliver(output)
                if case .frames(let clip) = output { noteFramesDelivered(clip.frameCount) }
            case .infer(let segment):
                let clip = try await infer(segment)
                if try await perform(session.handle(.inferred(clip)), sink: &sink) { return true }
            case .notice(let notice):
                note(notice)
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

    private mutating func noteFramesDelivered(_ count: Int) {
        metrics.framesSent.increment(by: count)
        if let since = awaitingFirstFrameSince, count > 0 {
            metrics.firstFrameLatency.recordInterval(since: since, now: .now)
            awaitingFirstFrameSince = nil
        }
    }

    private mutating func note(_ notice: StreamNotice) {
        switch notice {
        case .started(let request, let profileName):
            logger[metadataKey: "stream.id"] = .string(request.requestID)
            logger[metadataKey: "stream.profile"] = .string(profileName)
            metrics.streamsStarted.increment()
            logger.info(
                "stream started",
                metadata: [
                    "stream.format":
                        "\(request.sampleRate) Hz, \(request.sampleWidth * 8)-bit, \(request.channelCount) ch"
                ])
        case .profileFellBack(let requested, let used, let available):
            warn(
                "unknown profile requested; using the default profile",
                metadata: [
                    "stream.requested_profile": .string(requested),
                    "stream.profile": .string(used),
                    "profiles.available": .string(available.joined(separator: ",")),
                ])
        case .unknownEmotion(let name, _):
            warn("unknown offset_name; no emotion preset applied", metadata: ["stream.offset_name": .string(name)])
        }
    }

    /// Logs a warning unless this stream has given too many of its kind lately (then it is counted).
    private mutating func warn(_ message: String, metadata: Logger.Metadata) {
        guard case .log(let heldBack) = warnings.admit(message, at: age()) else { return }
        if heldBack > 0 { logSuppressed(heldBack, of: message) }
        logger.warning("\(message)", metadata: metadata)
    }

    /// Reports the warnings still held back (at the end of the stream).
    private mutating func reportSuppressedWarnings() {
        for (kind, count) in warnings.takeSuppressed() { logSuppressed(count, of: kind) }
    }

    private func logSuppressed(_ count: Int, of message: String) {
        logger.warning(
            "\(count) similar warnings suppressed",
            metadata: ["warning.message": .string(message), "warning.suppressed": .stringConvertible(count)])
    }

    private func noteFinished() {
        logger.info(
            "stream finished",
            metadata: [
                "stream.audio_seconds": .stringConvertible(session.receivedAudioSeconds),
                "stream.frames": .stringConvertible(session.emittedFrameCount),
                "stream.processing_seconds": .stringConvertible(processingDuration.seconds),
            ])
    }
}

extension Timer {
    /// Records the time from `start` to `now`.
    func recordInterval(since start: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        let elapsed = (now - start).components
        recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
    }
}
