import Metrics

/// What streams report to metrics (through swift-metrics, so any backend can collect them; the server
/// uses Prometheus). Server-side counts (active streams, refusals, close codes) live in the server.
public struct StreamMetrics: Sendable {
    let streamsStarted: Counter
    let audioSeconds: FloatingPointCounter
    let framesSent: Counter
    let inferenceDuration: Timer
    let segmentSeconds: Recorder
    let firstFrameLatency: Timer

    /// Metric names, shared with the server's documentation and tests.
    public enum Name {
        public static let streamsStarted = "audio2face_streams_started_total"
        public static let audioSeconds = "audio2face_audio_seconds_total"
        public static let framesSent = "audio2face_frames_sent_total"
        public static let inferenceDuration = "audio2face_inference_seconds"
        public static let segmentSeconds = "audio2face_segment_seconds"
        public static let firstFrameLatency = "audio2face_first_frame_seconds"
    }

    /// Metrics made by `factory`, each labelled with `dimensions` (the server's `transport`); inference
    /// latency also carries the engine kind as its `engine` label.
    public init(factory: any MetricsFactory, engineKind: String, dimensions: [(String, String)] = []) {
        streamsStarted = Counter(label: Name.streamsStarted, dimensions: dimensions, factory: factory)
        audioSeconds = FloatingPointCounter(label: Name.audioSeconds, dimensions: dimensions, factory: factory)
        framesSent = Counter(label: Name.framesSent, dimensions: dimensions, factory: factory)
        inferenceDuration = Timer(
            label: Name.inferenceDuration, dimensions: [("engine", engineKind)] + dimensions, factory: factory)
        segmentSeconds = Recorder(label: Name.segmentSeconds, dimensions: dimensions, aggregate: true, factory: factory)
        firstFrameLatency = Timer(label: Name.firstFrameLatency, dimensions: dimensions, factory: factory)
    }

    /// Metrics that go nowhere (tools and tests that do not collect them).
    public static let disabled = StreamMetrics(factory: NOOPMetricsHandler.instance, engineKind: "none")
}
