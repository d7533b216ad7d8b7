import Audio2Face
import Logging

/// The life of one stream, the same for every API: admission (one count for all of them), the wait for a
/// warm engine, then the run raced against the idle watchdog and the drain deadline, with the stream
/// metrics labelled by transport. Each API's adapter supplies only how its client is refused, how the
/// stream runs and what the client is told when the server ends it.
struct StreamSupervisor: Sendable {
    let environment: StreamEnvironment
    let controls: ServiceControls
    let transport: StreamTransport

    /// The hooks an API adapter gives the supervisor.
    struct Adapter<Labels: StreamEndingLabels>: Sendable {
        /// Tells a client that will not be served why (refused or unavailable), and returns when done.
        var refuse: @Sendable (StreamEnding) async -> Void
        /// Runs the stream: reads client events, delivers outputs, reporting to `activity`; logs to the
        /// logger given (the stream's, labelled with its transport).
        var run: @Sendable (StreamEnvironment, ActivityMonitor<ContinuousClock>, Logger) async -> StreamOutcome
        /// Called with the first ending of the race, while the other contenders are being cancelled (the
        /// WebSocket sends its close frame here, which is what ends a runner blocked on the socket).
        var ended: @Sendable (StreamEnding) async -> Void
    }

    /// The logger of a new stream of `client` (its address): labelled with the transport, and quiet below
    /// `error` while the client is over its log budget (``ClientLogBudget``). Adapters take it once per
    /// stream, before ``serve(client:adapter:logger:)``, and log the stream's ending on it.
    func streamLogger(client: String, _ logger: Logger) -> Logger {
        var logger = logger
        logger[metadataKey: "stream.transport"] = .string(transport.rawValue)
        return controls.clientLogs.logger(for: client, logger)
    }

    /// Serves one stream for `client` (its address) and returns how it ended; `logger` is the stream's
    /// (``streamLogger(client:_:)``).
    func serve<Labels: StreamEndingLabels>(
        client: String, adapter: Adapter<Labels>, logger: Logger
    ) async -> StreamEnding {
        do {
            try controls.admission.admit(client: client)
        } catch {
            logger.warning("stream refused", metadata: ["stream.reason": .string(error.description)])
            controls.metrics.connectionRefused(reason: error.metricsLabel, transport: transport)
            await adapter.refuse(.refused(error))
            return .refused(error)
        }
        controls.metrics.streamAdmitted()
        var ending = StreamEnding.ran(.clientLeft)
        defer {
            controls.admission.release(client: client)
            controls.metrics.streamEnded(
                outcome: ending.metricsOutcome, closeCode: Labels.closeCodeLabel(for: ending), transport: transport)
        }
        do {
            try await controls.readiness.waitUntilReady()
        } catch let error as Readiness.Unavailable {
            ending = .unavailable(error)
            await adapter.refuse(ending)
            return ending
        } catch {
            ending = .cancelled  // the client went away while waiting
            return ending
        }
        ending = await race(adapter: adapter, logger: logger)
        return ending
    }

    /// Runs the stream against the watchdog and the drain deadline; whichever ends first decides.
    private func race<Labels: StreamEndingLabels>(adapter: Adapter<Labels>, logger: Logger) async -> StreamEnding {
        let activity = ActivityMonitor(clock: ContinuousClock())
        var environment = environment
        environment.metrics = controls.metrics.stream(transport)
        let streaming = environment.streaming
        let idleLimit = Duration.milliseconds(Int64(streaming.requestExpireSeconds * 1_000))
        let drainDeadline = controls.drainDeadline
        return await withTaskGroup(of: StreamEnding.self) { [environment] group in
            group.addTask { .ran(await adapter.run(environment, activity, logger)) }
            group.addTask {
                do {
                    switch try await activity.waitForStall(longerThan: idleLimit) {
                    case .idle: return .ran(.failed(.idleTimeout(seconds: streaming.requestExpireSeconds)))
                    case .notReading: return .ran(.failed(.clientNotReading(seconds: streaming.requestExpireSeconds)))
                    }
                } catch {
                    return .cancelled
                }
            }
            group.addTask {
                do {
                    try await drainDeadline.wait()
                    return .drainTimeout
                } catch {
                    return .cancelled
                }
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            await adapter.ended(first)
            return first
        }
    }
}
