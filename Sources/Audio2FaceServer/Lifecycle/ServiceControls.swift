import Audio2Face
import Foundation
import Logging

/// The shared switches of one running service: whether it is ready, which streams it admits, and the
/// signal that tells streams still running at the end of a drain to close.
public struct ServiceControls: Sendable {
    /// Warm-up and drain phase; `/ready` answers from it.
    public let readiness: Readiness
    /// Stream counts and limits.
    public let admission: StreamAdmission
    /// Opens when the drain timeout has passed: streams still running close with 1001.
    public let drainDeadline: Latch
    /// The service's metrics registry.
    public let metrics: ServiceMetrics
    /// How the open-file limit is shared between connections and the rest of the process.
    let descriptors: DescriptorBudget
    /// Open connections of both APIs' ports, counted against `server.max_connections` and
    /// `server.max_connections_per_client`.
    let connections: ConnectionBudget
    /// How many streams per client address and minute log as usual (``ClientLogBudget``).
    let clientLogs: ClientLogBudget<ContinuousClock>

    /// Streams per client address and minute that log as usual; the rest of the minute log only errors.
    static let loggedStreamsPerClientPerMinute = 60

    /// Controls sized from `config`'s limits for this machine's core count and open-file limit;
    /// `logging`, when given, feeds the lost-log-lines counter; `logger`, when given, gets the connection
    /// limits that apply (the service's start-up lines).
    public init(config: ServiceConfig, logging: ServiceLogging? = nil, logger: Logger? = nil) {
        readiness = Readiness()
        admission = StreamAdmission(
            maxStreams: config.limits.resolvedMaxConcurrentStreams(
                engine: config.engine.kind, coreCount: ProcessInfo.processInfo.activeProcessorCount),
            maxStreamsPerClient: config.limits.maxStreamsPerClient)
        drainDeadline = Latch()
        metrics = ServiceMetrics(
            engineKind: config.engine.kind.rawValue, lostLogEvents: logging?.lostCloudWatchEventsReader)
        descriptors = DescriptorBudget.measured()
        connections = ConnectionBudget.configured(
            by: config.server, descriptors: descriptors,
            logger: logger ?? Logger(label: "audio2face", factory: { _ in SwiftLogNoOpLogHandler() }))
        clientLogs = ClientLogBudget(
            streamsPerWindow: Self.loggedStreamsPerClientPerMinute, window: .seconds(60), clock: ContinuousClock())
    }
}
