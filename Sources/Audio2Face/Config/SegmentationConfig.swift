/// How a stream's audio is cut into segments for the engine: the reference's energy splitter plus a
/// maximum segment duration, so output never waits for a pause.
public struct SegmentationConfig: Codable, Sendable, Equatable {
    /// Energy window length in seconds (reference: 0.01).
    public var windowSeconds: Double = 0.01
    /// Step between windows in seconds (reference: 0.005).
    public var hopSeconds: Double = 0.005
    /// A window whose mean energy, in squared int16 units, is below this is a split candidate
    /// (reference: 1e4, an RMS of 100 of 32768).
    public var energyThreshold: Double = 1e4
    /// Shortest segment in seconds: a split candidate is accepted only this far after the previous cut
    /// (the reference's `split_interval`, 0.5).
    public var minSegmentSeconds: Double = 0.5
    /// Longest segment in seconds: with no quiet window by then, the segment is cut anyway at the
    /// quietest window of its last `forcedCutSearchSeconds`.
    public var maxSegmentSeconds: Double = 1.0
    /// How far back from `maxSegmentSeconds` a forced cut looks for the quietest window.
    public var forcedCutSearchSeconds: Double = 0.3

    /// The reference's defaults plus a 1 s maximum.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case windowSeconds = "window_seconds"
        case hopSeconds = "hop_seconds"
        case energyThreshold = "energy_threshold"
        case minSegmentSeconds = "min_segment_seconds"
        case maxSegmentSeconds = "max_segment_seconds"
        case forcedCutSearchSeconds = "forced_cut_search_seconds"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        windowSeconds = try container.decode(.windowSeconds, default: defaults.windowSeconds)
        hopSeconds = try container.decode(.hopSeconds, default: defaults.hopSeconds)
        energyThreshold = try container.decode(.energyThreshold, default: defaults.energyThreshold)
        minSegmentSeconds = try container.decode(.minSegmentSeconds, default: defaults.minSegmentSeconds)
        maxSegmentSeconds = try container.decode(.maxSegmentSeconds, default: defaults.maxSegmentSeconds)
        forcedCutSearchSeconds = try container.decode(
            .forcedCutSearchSeconds, default: defaults.forcedCutSearchSeconds)
    }

    /// Checks every field's range; `keyPrefix` is this section's dotted path.
    public func validate(keyPrefix: String) throws(ConfigError) {
        try requireValue(windowSeconds, in: 0.001...0.1, key: "\(keyPrefix).window_seconds")
        try requireValue(hopSeconds, in: 0.001...windowSeconds, key: "\(keyPrefix).hop_seconds")
        try requireValue(energyThreshold, in: 0...1e9, key: "\(keyPrefix).energy_threshold")
        try requireValue(maxSegmentSeconds, in: 0.05...30, key: "\(keyPrefix).max_segment_seconds")
        try requireValue(minSegmentSeconds, in: 0...maxSegmentSeconds, key: "\(keyPrefix).min_segment_seconds")
        try requireValue(
            forcedCutSearchSeconds, in: hopSeconds...maxSegmentSeconds, key: "\(keyPrefix).forced_cut_search_seconds")
    }
}
