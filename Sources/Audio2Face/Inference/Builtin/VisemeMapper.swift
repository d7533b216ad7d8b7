import Foundation

/// Turns one hop's acoustic features and level reading into target blendshape values (before
/// smoothing). Stateless: the same inputs always give the same targets.
///
/// The mapping, in short (`docs/engines.md` has the details):
/// - jaw: loudness relative to the speaker's peak × vowel openness (F1 and the 500–1000 Hz balance);
/// - lip closure: silence, frames far below the speech peak, and dips after a vowel with a low, murmur-
///   like spectrum (m, b, the closure of p) close the jaw and press the lips;
/// - rounding: low F2 (o, u) → funnel for mid F1, pucker for low F1; spreading: high F2 (i, e) → stretch
///   and a little smile;
/// - fricatives (noisy energy above 4 kHz): a narrow opening with the teeth shown; hushing ones (sh)
///   a little funnel;
/// - stressed, loud voiced frames raise the brows slightly.
struct VisemeMapper: Sendable {
    /// What the smoother needs besides the targets.
    struct Output: Sendable, Equatable {
        /// True while the lips are closing (bilabial or pause): shapes fall with the fast release.
        var isClosing: Bool
    }

    private let gain: Float
    private let sensitivity: Float
    private let browGain: Float

    init(config: BuiltinEngineConfig) {
        gain = Float(config.gain)
        sensitivity = Float(config.sensitivity)
        browGain = Float(config.browGain)
    }

    /// Writes the targets of every driven channel and of the closure slot into `pose`
    /// (``ArkitChannel/poseWidth`` values; other channels are left untouched).
    func map(
        _ features: FrameFeatures, _ reading: LevelTracker.Reading, into pose: UnsafeMutableBufferPointer<Float>
    ) -> Output {
        typealias M = BuiltinMath
        let gate = reading.gate
        let relative = reading.relativeDecibels
        let amplitude = powf(10, relative / 20)
        let loudness = min(1, amplitude * sensitivity) * gate

        let first = features.firstFormantHertz
        let second = features.secondFormantHertz
        let balance = features.firstFormantBalanceDecibels
        let openness = 0.5 * M.smoothStep(first, from: 350, to: 750) + 0.5 * M.smoothStep(balance, from: -15, to: 3)
        let voicing = features.voicing
        let highShare = features.highShareDecibels
        let fricative = M.smoothStep(highShare, from: -10, to: -4) * (1 - voicing)
        let vowel = 1 - fricative

        // Lip closure: a dip below the local peak with a low, murmur-like F1 region (m, b), or a frame
        // far below the speech peak (stop closures, pauses), or silence.
        let lowFirstFormantRegion = M.smoothStep(-balance, from: 8, to: 14)
        let dipClosure = M.smoothStep(reading.dipDecibels, from: 4, to: 9) * lowFirstFormantRegion * (1 - fricative)
        let quietClosure = M.smoothStep(-relative, from: 20, to: 28)
        let closure = max(dipClosure, quietClosure, 1 - gate)
        let open = 1 - closure

        let jaw = loudness * (0.15 + 0.85 * openness) * vowel * open + 0.06 * fricative * gate

        // Vowel colour only where there is a voiced, reasonably loud vowel.
        let vowelWeight = vowel * min(1, loudness * 1.5) * open * voicing
        let hasFormants = second > 0
        let back = hasFormants ? M.smoothStep(second, from: 1900, to: 1100) : 0
        let rounding = back * (1 - M.smoothStep(first, from: 580, to: 760)) * vowelWeight
        let spreading = (hasFormants ? M.smoothStep(second, from: 1700, to: 2300) : 0) * vowelWeight
        let funnelShare = M.smoothStep(first, from: 380, to: 560)
        let hushTilt = features.upperMidBandDecibels - features.highBandDecibels
        let hushing = fricative * gate * M.smoothStep(hushTilt, from: -6, to: 0)

        let lipClosure = closure * reading.activity
        let stress = M.smoothStep(relative, from: -4, to: -1) * voicing * vowel * open

        func set(_ channel: Int, _ value: Float, scaled: Bool = true) {
            pose[channel] = M.unitClamp(scaled ? value * gain : value)
        }
        set(ArkitChannel.jawOpen, 0.7 * jaw)
        let lowerDown = 0.5 * jaw * (0.3 + 0.7 * openness) + 0.1 * fricative * gate
        set(ArkitChannel.mouthLowerDownLeft, lowerDown)
        set(ArkitChannel.mouthLowerDownRight, lowerDown)
        let upperUp = 0.25 * jaw + 0.15 * spreading + 0.15 * fricative * gate
        set(ArkitChannel.mouthUpperUpLeft, upperUp)
        set(ArkitChannel.mouthUpperUpRight, upperUp)
        set(ArkitChannel.mouthFunnel, 0.7 * rounding * funnelShare + 0.35 * hushing)
        set(ArkitChannel.mouthPucker, 0.8 * rounding * (1 - funnelShare) + 0.15 * hushing)
        set(ArkitChannel.mouthStretchLeft, 0.5 * spreading)
        set(ArkitChannel.mouthStretchRight, 0.5 * spreading)
        set(ArkitChannel.mouthSmileLeft, 0.2 * spreading)
        set(ArkitChannel.mouthSmileRight, 0.2 * spreading)
        set(ArkitChannel.mouthClose, 0.3 * lipClosure)
        set(ArkitChannel.mouthPressLeft, 0.4 * lipClosure)
        set(ArkitChannel.mouthPressRight, 0.4 * lipClosure)
        set(ArkitChannel.mouthShrugLower, 0.15 * lipClosure)
        set(ArkitChannel.browInnerUp, 0.25 * stress * browGain, scaled: false)
        set(ArkitChannel.browOuterUpLeft, 0.15 * stress * browGain, scaled: false)
        set(ArkitChannel.browOuterUpRight, 0.15 * stress * browGain, scaled: false)
        pose[ArkitChannel.closureSlot] = M.unitClamp(lipClosure)
        return Output(isClosing: closure > 0.5)
    }
}
