/// Limits that protect the service from overload and from clients that never stop (YAML section `limits`).
public struct LimitsConfig: ConfigSection, Sendable, Equatable {
    /// Longest stream in seconds of audio received; longer streams are closed (1008).
    public var maxStreamSeconds: Double = 1_800
    /// Streams served at once; 0 sizes it from the engine's measured capacity and the core count.
    public var maxConcurrentStreams = 0
    /// Streams one client address may hold at once (0 = no per-client limit).
    public var maxStreamsPerClient = 32
    /// Seconds of audio a stream may send per second of time once its burst is spent (1 = real time);
    /// beyond it the server stops reading the stream's socket until time catches up.
    public var maxInputSpeedup: Double = 4
    /// Seconds of audio a stream may send ahead of `max_input_speedup` × its elapsed time.
    public var inputBurstSeconds: Double = 60

    /// The defaults.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("max_stream_seconds", \.maxStreamSeconds, .range(1...604_800)),
            ConfigField("max_concurrent_streams", \.maxConcurrentStreams, .range(0...1_000_000)),
            ConfigField("max_streams_per_client", \.maxStreamsPerClient, .range(0...1_000_000)),
            ConfigField("max_input_speedup", \.maxInputSpeedup, .range(1...1_000)),
            ConfigField("input_burst_seconds", \.inputBurstSeconds, .range(0...86_400)),
        ]
    }

    /// Concurrent streams per core when `max_concurrent_streams` is 0, from `docs/benchmarks.md`: the
    /// built-in engine served 200 real-time streams on 2 cores with its load generator on the same
    /// cores; a full-size UniTalker model manages a few real-time streams per core.
    public static func measuredStreamsPerCore(engine: EngineConfig.Kind) -> Int {
        switch engine {
        case .builtin: 100
        case .unitalker: 2
        }
    }

    /// The stream limit in force for `engine` on a machine with `coreCount` cores.
    public func resolvedMaxConcurrentStreams(engine: EngineConfig.Kind, coreCount: Int) -> Int {
        maxConcurrentStreams > 0
            ? maxConcurrentStreams : Self.measuredStreamsPerCore(engine: engine) * max(1, coreCount)
    }
}
