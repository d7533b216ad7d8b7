import Audio2Face
import Metrics
import Prometheus
import Synchronization

/// The service's metrics in one Prometheus registry: the per-stream metrics the core reports (through
/// swift-metrics) and the server's own (active streams, refusals, how streams ended, the process).
/// Each application has its own registry, so several servers in one process (tests) do not mix.
public final class ServiceMetrics: Sendable {
    /// Metric names the server reports itself.
    public enum Name {
        public static let activeStreams = "audio2face_active_streams"
        public static let streamsEnded = "audio2face_streams_ended_total"
        public static let connectionsRefused = "audio2face_connections_refused_total"
        public static let residentMemory = "audio2face_process_resident_memory_bytes"
        public static let cpuSeconds = "audio2face_process_cpu_seconds_total"
        public static let logEventsLost = "audio2face_log_events_lost_total"
        public static let inputReadsThrottled = "audio2face_input_reads_throttled_total"
        public static let outputFramesDropped = "audio2face_output_frames_dropped_total"
    }

    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// What streams of each API report (handed to the core through ``StreamEnvironment/metrics``).
    private let streamByTransport: [StreamTransport: StreamMetrics]
    private let factory: PrometheusMetricsFactory
    private let activeStreams: Meter
    private let residentMemory: Metrics.Gauge
    private let cpuSeconds: Metrics.Gauge
    private let inputReadsThrottled: Metrics.Counter
    private let lostLogEvents: LostLogEvents?

    /// Log lines CloudWatch could not take, read from the shipper at each scrape.
    private final class LostLogEvents: Sendable {
        let read: @Sendable () -> Int
        let counter: Metrics.Counter
        let reported = Mutex(0)

        init(read: @escaping @Sendable () -> Int, counter: Metrics.Counter) {
            self.read = read
            self.counter = counter
        }
    }

    /// A fresh registry for an engine of `engineKind`; `lostLogEvents` reads how many log lines the
    /// CloudWatch shipper has lost so far (nil when it is off).
    public init(engineKind: String, lostLogEvents: (@Sendable () -> Int)? = nil) {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let latencyBuckets: [Duration] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000].map {
            .milliseconds($0)
        }
        factory.durationHistogramBuckets = [
            StreamMetrics.Name.inferenceDuration: latencyBuckets,
            StreamMetrics.Name.firstFrameLatency: latencyBuckets,
        ]
        factory.valueHistogramBuckets = [
            StreamMetrics.Name.segmentSeconds: [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 5, 10]
        ]
        self.factory = factory
        streamByTransport = Dictionary(
            uniqueKeysWithValues: StreamTransport.allCases.map {
                ($0, StreamMetrics(factory: factory, engineKind: engineKind, dimensions: [("transport", $0.rawValue)]))
            })
        activeStreams = Meter(label: Name.activeStreams, factory: factory)
        residentMemory = Metrics.Gauge(label: Name.residentMemory, factory: factory)
        cpuSeconds = Metrics.Gauge(label: Name.cpuSeconds, factory: factory)
        inputReadsThrottled = Metrics.Counter(label: Name.inputReadsThrottled, factory: factory)
        self.lostLogEvents = lostLogEvents.map {
            LostLogEvents(
                read: $0,
                counter: Metrics.Counter(
                    label: Name.logEventsLost, dimensions: [("destination", "cloudwatch")], factory: factory))
        }
    }

    /// What counts one frame a live output dropped (its receiver could not take it), labelled `output`.
    public func outputFrameDropped(output: String) -> @Sendable () -> Void {
        let counter = Metrics.Counter(
            label: Name.outputFramesDropped, dimensions: [("output", output)], factory: factory)
        return { counter.increment() }
    }

    /// What streams of `transport` report, labelled with it.
    public func stream(_ transport: StreamTransport) -> StreamMetrics {
        streamByTransport[transport]!
    }

    /// A stream was admitted (the active count is one for both APIs, as admission is).
    func streamAdmitted() { activeStreams.increment() }

    /// An admitted stream ended: `outcome` is how (completed, client_left, failed, ...), `closeCode` what
    /// the server told the client (a WebSocket close code or a gRPC status name; "none" when the
    /// connection simply went away).
    func streamEnded(outcome: String, closeCode: String, transport: StreamTransport) {
        activeStreams.decrement()
        Metrics.Counter(
            label: Name.streamsEnded,
            dimensions: [("outcome", outcome), ("close_code", closeCode), ("transport", transport.rawValue)],
            factory: factory
        )
        .increment()
    }

    /// A connection was turned away before any stream ran (`reason`: capacity, client_limit,
    /// shutting_down, warmup_failed, unauthorized, forbidden_origin, and before any request:
    /// connection_limit, client_connection_limit, header_timeout, headers_too_large, malformed_request,
    /// bad_handshake), on the port of `transport`.
    func connectionRefused(reason: String, transport: StreamTransport = .websocket) {
        Metrics.Counter(
            label: Name.connectionsRefused, dimensions: [("reason", reason), ("transport", transport.rawValue)],
            factory: factory
        )
        .increment()
    }

    /// A stream ahead of its input budget was not read until real time caught up.
    func inputReadThrottled() { inputReadsThrottled.increment() }

    /// The Prometheus text exposition, with the process gauges read now.
    public func render() -> String {
        let probe = ProcessProbe.current
        if let bytes = probe.residentBytes() { residentMemory.record(bytes) }
        if let seconds = probe.cpuSeconds() { cpuSeconds.record(seconds) }
        if let lostLogEvents {
            let total = lostLogEvents.read()
            let new = lostLogEvents.reported.withLock { reported in
                defer { reported = total }
                return total - reported
            }
            if new > 0 { lostLogEvents.counter.increment(by: new) }
        }
        return registry.emitToString()
    }
}
