import Audio2Face
import Foundation

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

    /// Controls sized from `config`'s limits for this machine's core count; `logging`, when given,
    /// feeds the lost-log-lines counter.
    public init(config: ServiceConfig, logging: ServiceLogging? = nil) {
        readiness = Readiness()
        admission = StreamAdmission(
            maxStreams: config.limits.resolvedMaxConcurrentStreams(
                engine: config.engine.kind, coreCount: ProcessInfo.processInfo.activeProcessorCount),
            maxStreamsPerClient: config.limits.maxStreamsPerClient)
        drainDeadline = Latch()
        metrics = ServiceMetrics(
            engineKind: config.engine.kind.rawValue, lostLogEvents: logging?.lostCloudWatchEventsReader)
    }
}
