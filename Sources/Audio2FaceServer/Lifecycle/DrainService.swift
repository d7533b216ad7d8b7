import Logging
import ServiceLifecycle

/// Drains the service on graceful shutdown (SIGTERM, SIGINT). It runs after the application in the
/// service group, so the group shuts it down first: `/ready` turns 503 and new streams are refused
/// with 1001 at once, running streams get up to the drain timeout to finish, the ones still running
/// are then closed with 1001, and only after that does the group stop the HTTP server.
struct DrainService: Service {
    let controls: ServiceControls
    let drainTimeout: Duration
    /// How long streams told to close get to send their close frames.
    let closeGrace: Duration = .seconds(2)
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is going down without a drain
        }
        controls.readiness.beginDraining()
        controls.admission.stopAdmitting()
        logger.notice(
            "draining",
            metadata: [
                "streams.active": .stringConvertible(controls.admission.activeStreams),
                "drain.timeout_seconds": .stringConvertible(drainTimeout.seconds),
            ])
        let clock = ContinuousClock()
        guard await waitForStreamsToEnd(until: clock.now + drainTimeout, clock: clock) else {
            let left = controls.admission.activeStreams
            logger.warning("drain timeout reached; closing streams with 1001", metadata: ["streams.active": .stringConvertible(left)])
            controls.drainDeadline.open()
            _ = await waitForStreamsToEnd(until: clock.now + closeGrace, clock: clock)
            return
        }
        logger.notice("drained: every stream finished")
    }

    /// Waits until no stream runs or `deadline` passes; true when none runs.
    private func waitForStreamsToEnd(until deadline: ContinuousClock.Instant, clock: ContinuousClock) async -> Bool {
        while controls.admission.activeStreams > 0 {
            guard clock.now < deadline else { return false }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                return controls.admission.activeStreams == 0
            }
        }
        return true
    }
}
