/// How a stream's audio is cut into segments for the engine: the reference's energy splitter plus a
/// maximum segment duration, so output never waits for a pause (YAML section `streaming.segmentation`).
public struct SegmentationConfig: ConfigSection, Sendable, Equatable {
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

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("window_seconds", \.windowSeconds, .range(0.001...0.1)),
            ConfigField("hop_seconds", \.hopSeconds, .range(0.001...0.1)),
            ConfigField("energy_threshold", \.energyThreshold, .range(0...1e9)),
            ConfigField("min_segment_seconds", \.minSegmentSeconds, .range(0...30)),
            ConfigField("max_segment_seconds", \.maxSegmentSeconds, .range(0.05...30)),
            ConfigField("forced_cut_search_seconds", \.forcedCutSearchSeconds, .range(0.001...30)),
        ]
    }

    /// A hop no longer than the window, a minimum no longer than the maximum, and a forced-cut search
    /// from one hop up to the maximum.
    func validateRelations(key: String) throws(ConfigError) {
        if hopSeconds > windowSeconds {
            throw .invalidValue(
                key: "\(key).hop_seconds",
                message: "\(hopSeconds) is longer than window_seconds (\(windowSeconds)); use at most the window")
        }
        if minSegmentSeconds > maxSegmentSeconds {
            throw .invalidValue(
                key: "\(key).min_segment_seconds",
                message: "\(minSegmentSeconds) is longer than max_segment_seconds (\(maxSegmentSeconds))")
        }
        if forcedCutSearchSeconds < hopSeconds || forcedCutSearchSeconds > maxSegmentSeconds {
            throw .invalidValue(
                key: "\(key).forced_cut_search_seconds",
                message: "\(forcedCutSearchSeconds) is outside hop_seconds (\(hopSeconds))"
                    + "...max_segment_seconds (\(maxSegmentSeconds))")
        }
    }
}
