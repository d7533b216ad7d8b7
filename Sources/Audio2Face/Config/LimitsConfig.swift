/// Limits that protect the service from overload and from clients that never stop.
public struct LimitsConfig: Codable, Sendable, Equatable {
    /// Longest stream in seconds of audio received; longer streams are closed (1008).
    public var maxStreamSeconds: Double = 1_800
    /// Streams served at once; 0 sizes it from the engine's measured capacity and the core count.
    public var maxConcurrentStreams = 0
    /// Streams one client address may hold at once (0 = no per-client limit).
    public var maxStreamsPerClient = 32

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxStreamSeconds = "max_stream_seconds"
        case maxConcurrentStreams = "max_concurrent_streams"
        case maxStreamsPerClient = "max_streams_per_client"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        maxStreamSeconds = try container.decode(.maxStreamSeconds, default: defaults.maxStreamSeconds)
        maxConcurrentStreams = try container.decode(.maxConcurrentStreams, default: defaults.maxConcurrentStreams)
        maxStreamsPerClient = try container.decode(.maxStreamsPerClient, default: defaults.maxStreamsPerClient)
    }

    /// Checks every field's range; `keyPrefix` is this section's dotted path.
    public func validate(keyPrefix: String) throws(ConfigError) {
        try requireValue(maxStreamSeconds, in: 1...604_800, key: "\(keyPrefix).max_stream_seconds")
        try requireValue(maxConcurrentStreams, in: 0...1_000_000, key: "\(keyPrefix).max_concurrent_streams")
        try requireValue(maxStreamsPerClient, in: 0...1_000_000, key: "\(keyPrefix).max_streams_per_client")
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
