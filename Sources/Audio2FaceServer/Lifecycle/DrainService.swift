import Audio2FaceTypes
import Logging
import ServiceLifecycle

/// Drains the service on graceful shutdown (SIGTERM, SIGINT). It runs after the application in the
/// service group, so the group shuts it down first: `/ready` turns 503 and new streams are refused
/// with 1001 at once, running streams get up to the drain timeout to finish, the ones still running
/// are then closed with 1001, and only after that does the group stop the HTTP server. The drain ends
/// the moment the last stream is released; its deadlines are kept on `clock`.
struct DrainService<C: Clock<Duration>>: Service {
    /// How a drain ended.
    enum Outcome: Equatable {
        /// Every stream finished within the drain timeout.
        case drained
        /// The timeout passed with `streamsLeft` streams running; they were told to close.
        case timedOut(streamsLeft: Int)
    }

    let controls: ServiceControls
    let drainTimeout: Duration
    /// How long streams told to close get to send their close frames.
    let closeGrace: Duration
    let logger: Logger
    let clock: C

    /// A drain of `controls`' streams that waits up to `drainTimeout` for them on `clock`.
    init(
        controls: ServiceControls, drainTimeout: Duration, closeGrace: Duration = .seconds(2), logger: Logger,
        clock: C
    ) {
        self.controls = controls
        self.drainTimeout = drainTimeout
        self.closeGrace = closeGrace
        self.logger = logger
        self.clock = clock
    }

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is going down without a drain
        }
        await drain()
    }

    /// Stops admitting streams and waits for the running ones: until the last ends, or until the drain
    /// timeout, when the rest are told to close and get ``closeGrace`` to do so.
    @discardableResult
    func drain() async -> Outcome {
        controls.readiness.beginDraining()
        controls.admission.stopAdmitting()
        logger.notice(
            "draining",
            metadata: [
                "streams.active": .stringConvertible(controls.admission.activeStreams),
                "drain.timeout_seconds": .stringConvertible(drainTimeout.seconds),
            ])
        guard await waitForStreamsToEnd(within: drainTimeout) else {
            let left = controls.admission.activeStreams
            logger.warning(
                "drain timeout reached; closing streams with 1001",
                metadata: ["streams.active": .stringConvertible(left)])
            controls.drainDeadline.open()
            _ = await waitForStreamsToEnd(within: closeGrace)
            return .timedOut(streamsLeft: left)
        }
        logger.notice("drained: every stream finished")
        return .drained
    }

    /// Waits until no stream runs or `timeout` passes on the clock; true when none runs.
    private func waitForStreamsToEnd(within timeout: Duration) async -> Bool {
        let deadline = clock.now.advanced(by: timeout)
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await controls.admission.waitUntilNoStreams()
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await clock.sleep(until: deadline, tolerance: nil)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first || controls.admission.activeStreams == 0
        }
    }
}

extension DrainService where C == ContinuousClock {
    /// A drain that keeps its deadlines on the continuous clock.
    init(controls: ServiceControls, drainTimeout: Duration, logger: Logger) {
        self.init(controls: controls, drainTimeout: drainTimeout, logger: logger, clock: ContinuousClock())
    }
}
