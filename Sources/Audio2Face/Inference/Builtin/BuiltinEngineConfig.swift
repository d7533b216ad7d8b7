/// Tuning of the built-in lip-sync engine (YAML section `engine.builtin`). Every field has a default, so
/// an empty section gives the documented behaviour; `docs/engines.md` explains what each one moves.
public struct BuiltinEngineConfig: ConfigSection, Sendable, Equatable {
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

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("gain", \.gain, .range(0...4)),
            ConfigField("attack_ms", \.attackMilliseconds, .range(1...500)),
            ConfigField("release_ms", \.releaseMilliseconds, .range(1...1000)),
            ConfigField("closure_release_ms", \.closureReleaseMilliseconds, .range(1...1000)),
            ConfigField("sensitivity", \.sensitivity, .range(0.1...20)),
            ConfigField("noise_floor_db", \.noiseFloorDecibels, .range(-120...(-10))),
            ConfigField("noise_margin_db", \.noiseMarginDecibels, .range(0...40)),
            ConfigField("level_decay_db_per_s", \.levelDecayDecibelsPerSecond, .range(0...60)),
            ConfigField("brow_gain", \.browGain, .range(0...4)),
        ]
    }
}
