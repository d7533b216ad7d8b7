import Testing

@testable import Audio2Face

@Suite("LevelTracker")
struct LevelTrackerTests {
    @Test("below the noise floor the gate is shut; loud frames open it")
    func gate() {
        var tracker = LevelTracker(config: BuiltinEngineConfig())
        #expect(tracker.update(levelDecibels: -120).gate == 0)
        #expect(tracker.update(levelDecibels: -65).gate == 0)
        #expect(tracker.update(levelDecibels: -20).gate == 1)
    }

    @Test("levels are read relative to the speech peak, so a gain offset changes nothing")
    func relativeLevel() {
        let levels: [Float] = [-120, -120, -30, -20, -26, -40, -22, -120, -35]
        func readings(offset: Float) -> [LevelTracker.Reading] {
            var tracker = LevelTracker(config: BuiltinEngineConfig())
            return levels.map { tracker.update(levelDecibels: $0 == -120 ? $0 : $0 + offset) }
        }
        let loud = readings(offset: 0)
        let quiet = readings(offset: -10)
        for (index, (a, b)) in zip(loud, quiet).enumerated() where levels[index] > -120 {
            #expect(abs(a.relativeDecibels - b.relativeDecibels) < 1e-3)
            #expect(a.gate == b.gate)
        }
        #expect(loud[3].relativeDecibels == 0)
        #expect(abs(loud[4].relativeDecibels - (-6.02)) < 0.05)
    }

    @Test("a dip after a loud frame is reported and fades as the local peak decays")
    func dip() {
        var tracker = LevelTracker(config: BuiltinEngineConfig())
        _ = tracker.update(levelDecibels: -20)
        let first = tracker.update(levelDecibels: -32)
        #expect(abs(first.dipDecibels - 11.6) < 0.01)
        var later = first
        for _ in 0..<30 { later = tracker.update(levelDecibels: -32) }
        #expect(later.dipDecibels == 0)
    }

    @Test("a steady background is learnt and then gated")
    func noiseTracking() {
        var tracker = LevelTracker(config: BuiltinEngineConfig())
        let early = tracker.update(levelDecibels: -45)
        var late = early
        for _ in 0..<300 { late = tracker.update(levelDecibels: -45) }
        #expect(early.gate > 0)
        #expect(late.gate == 0)
        // Speech well above the learnt background still opens the gate.
        #expect(tracker.update(levelDecibels: -20).gate == 1)
    }

    @Test("activity holds for a while after speech and then fades")
    func activity() {
        var tracker = LevelTracker(config: BuiltinEngineConfig())
        _ = tracker.update(levelDecibels: -20)
        let soon = tracker.update(levelDecibels: -120)
        var later = soon
        for _ in 0..<100 { later = tracker.update(levelDecibels: -120) }
        #expect(soon.activity > 0.9)
        #expect(later.activity < 0.05)
    }
}
