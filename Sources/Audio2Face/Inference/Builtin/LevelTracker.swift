import Foundation

/// Follows a stream's levels hop by hop so the mouth responds to loudness relative to the speaker, not
/// to the microphone gain: the speech peak level (instant rise, slow decay), the background level
/// (minimum tracking), a fast-decaying local peak (to spot dips such as a nasal after a vowel) and
/// recent speech activity.
struct LevelTracker: Sendable {
    /// One hop's reading.
    struct Reading: Sendable, Equatable {
        /// 0 below the noise gate, 1 from 6 dB above it, smooth in between.
        var gate: Float
        /// Level relative to the speech peak, in dB (≤ 0; −120 before any speech).
        var relativeDecibels: Float
        /// How far the level is below the recent local peak, in dB (≥ 0).
        var dipDecibels: Float
        /// 1 during speech, decaying over ~300 ms after it ends.
        var activity: Float
    }

    private static let hopSeconds: Float = 0.01
    /// Background estimate rise rate: it drops at once to any quieter frame and creeps up otherwise.
    private static let noiseRiseDecibelsPerSecond: Float = 6
    /// Local peak decay: 40 dB/s, so a dip shows for a vowel–consonant–vowel sequence.
    private static let localPeakDecayDecibelsPerSecond: Float = 40
    private static let gateWidthDecibels: Float = 6
    private static let activityTimeConstantSeconds: Float = 0.3

    private let noiseFloor: Float
    private let noiseMargin: Float
    private let peakDecayPerHop: Float
    private let activityDecay: Float

    private var noise: Float
    private var peak: Float = -120
    private var hasPeak = false
    private var localPeak: Float = -120
    private var activity: Float = 0

    init(config: BuiltinEngineConfig) {
        noiseFloor = Float(config.noiseFloorDecibels)
        noiseMargin = Float(config.noiseMarginDecibels)
        peakDecayPerHop = Float(config.levelDecayDecibelsPerSecond) * Self.hopSeconds
        activityDecay = expf(-Self.hopSeconds / Self.activityTimeConstantSeconds)
        noise = noiseFloor
    }

    /// Updates the trackers with one hop's level (dBFS) and reads them.
    mutating func update(levelDecibels level: Float) -> Reading {
        noise = min(level, noise + Self.noiseRiseDecibelsPerSecond * Self.hopSeconds)
        let threshold = max(noiseFloor, noise + noiseMargin)
        let gate = BuiltinMath.unitClamp((level - threshold) / Self.gateWidthDecibels)
        if gate > 0 {
            peak = hasPeak ? max(level, peak - peakDecayPerHop) : level
            hasPeak = true
        }
        localPeak = max(level, localPeak - Self.localPeakDecayDecibelsPerSecond * Self.hopSeconds)
        activity = max(gate, activity * activityDecay)
        return Reading(
            gate: gate,
            relativeDecibels: hasPeak ? min(0, level - peak) : -120,
            dipDecibels: localPeak - level,
            activity: activity)
    }
}
