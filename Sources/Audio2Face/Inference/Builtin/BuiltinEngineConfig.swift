/// Tuning of the built-in lip-sync engine (YAML section `engine.builtin`). Every field has a default, so
/// an empty section gives the documented behaviour; `docs/engines.md` explains what each one moves.
public struct BuiltinEngineConfig: Codable, Sendable, Equatable {
    /// Scales every mouth shape (1 = as tuned; 0.5 = half the movement).
    public var gain: Double = 1.0
    /// Time constant in milliseconds with which a shape rises toward a larger value (mouth opening).
    public var attackMilliseconds: Double = 10
    /// Time constant in milliseconds with which a shape falls toward a smaller value (mouth closing).
    public var releaseMilliseconds: Double = 30
    /// Faster fall time constant used while the lips are closing for a bilabial or a pause, so that
    /// short closures (p, b, m) are reached.
    public var closureReleaseMilliseconds: Double = 8
    /// How readily loudness opens the jaw: the jaw's loudness drive is
    /// `min(1, sensitivity × amplitude relative to the speaker's recent peak)`.
    public var sensitivity: Double = 2.0
    /// Absolute level in dBFS (mean square of the 20 ms frame) below which audio counts as silence.
    public var noiseFloorDecibels: Double = -60
    /// How far in dB above the tracked background level a frame must be to count as speech, so that a
    /// steady hiss or hum louder than the absolute floor does not move the mouth either.
    public var noiseMarginDecibels: Double = 12
    /// How fast in dB per second the remembered speech peak level decays, i.e. how quickly the engine
    /// re-normalises after the speaker gets quieter.
    public var levelDecayDecibelsPerSecond: Double = 2
    /// Scales the small brow raises on stressed, loud syllables (0 turns them off).
    public var browGain: Double = 1.0

    /// The documented defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case gain
        case attackMilliseconds = "attack_ms"
        case releaseMilliseconds = "release_ms"
        case closureReleaseMilliseconds = "closure_release_ms"
        case sensitivity
        case noiseFloorDecibels = "noise_floor_db"
        case noiseMarginDecibels = "noise_margin_db"
        case levelDecayDecibelsPerSecond = "level_decay_db_per_s"
        case browGain = "brow_gain"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        gain = try container.decode(.gain, default: defaults.gain)
        attackMilliseconds = try container.decode(.attackMilliseconds, default: defaults.attackMilliseconds)
        releaseMilliseconds = try container.decode(.releaseMilliseconds, default: defaults.releaseMilliseconds)
        closureReleaseMilliseconds = try container.decode(
            .closureReleaseMilliseconds, default: defaults.closureReleaseMilliseconds)
        sensitivity = try container.decode(.sensitivity, default: defaults.sensitivity)
        noiseFloorDecibels = try container.decode(.noiseFloorDecibels, default: defaults.noiseFloorDecibels)
        noiseMarginDecibels = try container.decode(.noiseMarginDecibels, default: defaults.noiseMarginDecibels)
        levelDecayDecibelsPerSecond = try container.decode(
            .levelDecayDecibelsPerSecond, default: defaults.levelDecayDecibelsPerSecond)
        browGain = try container.decode(.browGain, default: defaults.browGain)
    }

    /// Checks every field's range; `keyPrefix` is this section's dotted path (`engine.builtin`).
    public func validate(keyPrefix: String) throws(ConfigError) {
        try requireValue(gain, in: 0...4, key: "\(keyPrefix).gain")
        try requireValue(attackMilliseconds, in: 1...500, key: "\(keyPrefix).attack_ms")
        try requireValue(releaseMilliseconds, in: 1...1000, key: "\(keyPrefix).release_ms")
        try requireValue(closureReleaseMilliseconds, in: 1...1000, key: "\(keyPrefix).closure_release_ms")
        try requireValue(sensitivity, in: 0.1...20, key: "\(keyPrefix).sensitivity")
        try requireValue(noiseFloorDecibels, in: -120...(-10), key: "\(keyPrefix).noise_floor_db")
        try requireValue(noiseMarginDecibels, in: 0...40, key: "\(keyPrefix).noise_margin_db")
        try requireValue(levelDecayDecibelsPerSecond, in: 0...60, key: "\(keyPrefix).level_decay_db_per_s")
        try requireValue(browGain, in: 0...4, key: "\(keyPrefix).brow_gain")
    }
}
