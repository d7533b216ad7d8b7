import Foundation

/// Attack/release smoothing of the pose, one step per 10 ms hop: each channel moves toward its target by
/// a fraction `1 − e^{−hop/τ}`, with τ the attack time when rising and the release time when falling
/// (the fast closure release while the lips are closing). Brows use slower, fixed times.
struct MotionSmoother: Sendable {
    private static let hopMilliseconds = 10.0
    private static let browAttackMilliseconds = 60.0
    private static let browReleaseMilliseconds = 250.0

    /// Channels smoothed (the driven ones plus the closure slot) and their per-channel coefficients.
    private let channels: [Int]
    private let attack: [Float]
    private let release: [Float]
    private let closingRelease: [Float]
    /// The current smoothed pose, ``ArkitChannel/poseWidth`` values.
    private(set) var pose: [Float]

    init(config: BuiltinEngineConfig) {
        func coefficient(_ milliseconds: Double) -> Float {
            Float(1 - exp(-Self.hopMilliseconds / max(milliseconds, 1e-3)))
        }
        let mouthAttack = coefficient(config.attackMilliseconds)
        let mouthRelease = coefficient(config.releaseMilliseconds)
        let mouthClosing = coefficient(min(config.closureReleaseMilliseconds, config.releaseMilliseconds))
        let browAttack = coefficient(Self.browAttackMilliseconds)
        let browRelease = coefficient(Self.browReleaseMilliseconds)
        channels = ArkitChannel.driven + [ArkitChannel.closureSlot]
        let isBrow = channels.map { ArkitChannel.brows.contains($0) }
        attack = isBrow.map { $0 ? browAttack : mouthAttack }
        release = isBrow.map { $0 ? browRelease : mouthRelease }
        closingRelease = isBrow.map { $0 ? browRelease : mouthClosing }
        pose = [Float](repeating: 0, count: ArkitChannel.poseWidth)
    }

    /// Moves the pose one hop toward `target` (``ArkitChannel/poseWidth`` values).
    mutating func step(toward target: UnsafeBufferPointer<Float>, isClosing: Bool) {
        let falling = isClosing ? closingRelease : release
        channels.withUnsafeBufferPointer { channels in
            attack.withUnsafeBufferPointer { attack in
                falling.withUnsafeBufferPointer { falling in
                    pose.withUnsafeMutableBufferPointer { pose in
                        for slot in 0..<channels.count {
                            let channel = channels[slot]
                            let current = pose[channel]
                            let goal = target[channel]
                            let rate = goal > current ? attack[slot] : falling[slot]
                            let next = current + rate * (goal - current)
                            // Settle to exact values instead of creeping through subnormal floats.
                            pose[channel] = abs(next - goal) < 1e-6 ? goal : next
                        }
                    }
                }
            }
        }
    }
}
