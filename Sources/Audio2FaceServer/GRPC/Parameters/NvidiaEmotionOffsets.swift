/// Turns applied NVIDIA emotion weights into per-channel offsets for one stream's channel layout.
///
/// A family with N intensity levels puts level k at weight k / N and interpolates linearly between
/// neighbouring levels, and between no offset (weight 0) and level 1; so with our four levels weight 0.25
/// gives `<family>_1`, 0.5 `<family>_2`, 0.6 is 40 % of `_2` plus 60 % of `_3`'s offsets… and 1 `_4`.
/// The offsets of all emotions add up.
struct NvidiaEmotionOffsets: Sendable {
    /// Per emotion (``NvidiaEmotionName`` order): its family's levels as dense rows over the channels, or
    /// empty when no preset shows it.
    private let levelRows: [[[Float]]]
    private let channelCount: Int

    init(presets: NvidiaEmotionPresets, channelNames: [String]) {
        channelCount = channelNames.count
        levelRows = NvidiaEmotionName.allCases.map { emotion in
            guard let family = emotion.presetFamily, let levels = presets.levels[family] else { return [] }
            return levels.map { offsets in channelNames.map { offsets[$0] ?? 0 } }
        }
    }

    /// The summed offsets of `weights` (one per ``NvidiaEmotionName``), or nil when nothing shows.
    func offsets(for weights: [Float]) -> [Float]? {
        var total: [Float]?
        for (emotion, weight) in weights.enumerated() where weight > 0 && !levelRows[emotion].isEmpty {
            let levels = levelRows[emotion]
            let position = min(Float(levels.count), weight * Float(levels.count))
            let lower = Int(position.rounded(.down))
            let fraction = position - Float(lower)
            var sum = total ?? [Float](repeating: 0, count: channelCount)
            for channel in 0..<channelCount {
                let below = lower == 0 ? 0 : levels[lower - 1][channel]
                let above = lower < levels.count ? levels[lower][channel] : below
                sum[channel] += below + (above - below) * fraction
            }
            total = sum
        }
        return total
    }
}
