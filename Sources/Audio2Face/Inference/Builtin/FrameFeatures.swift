/// What the built-in engine measures in one 10 ms analysis hop of speech. Levels are in dB; the
/// band levels are relative to nothing in particular (only their differences are used), so every
/// feature except `levelDecibels` is independent of the input's overall gain.
struct FrameFeatures: Sendable, Equatable {
    /// Mean square of the Hann-windowed 20 ms frame, in dBFS (a full-scale square wave is 0 dB).
    var levelDecibels: Float = -120
    /// Band energies in dB: 80–500 Hz, 500–1000 Hz, 1–2 kHz, 2–4 kHz, 4–8 kHz.
    var lowBandDecibels: Float = -120
    var firstMidBandDecibels: Float = -120
    var secondMidBandDecibels: Float = -120
    var upperMidBandDecibels: Float = -120
    var highBandDecibels: Float = -120
    /// Energy of the whole 80 Hz–8 kHz range, in dB on the same scale as the bands.
    var totalBandDecibels: Float = -120
    /// First and second formant frequencies in Hz from the LPC envelope (0 when none was found).
    var firstFormantHertz: Float = 0
    var secondFormantHertz: Float = 0
    /// Periodicity in [0, 1]: the best normalised autocorrelation of the low-passed signal over pitch
    /// lags of 80–400 Hz (1 = perfectly periodic).
    var periodicity: Float = 0

    /// Creates silent features.
    init() {}

    /// F1-region balance: energy at 500–1000 Hz over 80–500 Hz, in dB (high for open vowels).
    var firstFormantBalanceDecibels: Float { firstMidBandDecibels - lowBandDecibels }

    /// Share of the energy above 4 kHz, in dB (near 0 for s, f and noise; −15 or less for vowels).
    var highShareDecibels: Float { highBandDecibels - totalBandDecibels }

    /// Share of the energy below 1 kHz, in dB.
    var lowShareDecibels: Float {
        BuiltinMath.decibelSum(lowBandDecibels, firstMidBandDecibels) - totalBandDecibels
    }

    /// Voicing in [0, 1]: how clearly periodic the frame is (periodicity 0.45 → 0, 0.8 → 1; noise scores
    /// about 0.25, vowels above 0.9), discounted when little of the energy is low-frequency (a periodic
    /// hum under a loud hiss is not a voiced sound).
    var voicing: Float {
        BuiltinMath.smoothStep(periodicity, from: 0.45, to: 0.8)
            * BuiltinMath.smoothStep(lowShareDecibels, from: -20, to: -6)
    }
}
