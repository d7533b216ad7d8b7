import Audio2FaceTestSupport
import Testing

@testable import Audio2Face

@Suite struct FramePacerTests {
    private func at(_ seconds: Double) -> ManualClock.Instant { ManualClock.Instant(offset: .seconds(seconds)) }

    /// Whether `instant` is `seconds` from zero, to a microsecond.
    private func isAt(_ instant: ManualClock.Instant, _ seconds: Double) -> Bool {
        abs((instant.offset - .seconds(seconds)) / .microseconds(1)) < 1
    }

    @Test("frames available early go out 1/fps apart from the first")
    func early() {
        var pacer = FramePacer<ManualClock.Instant>(framesPerSecond: 30)
        #expect(isAt(pacer.sendTime(forFrame: 0, availableAt: at(0)), 0))
        #expect(isAt(pacer.sendTime(forFrame: 1, availableAt: at(0)), 1.0 / 30))
        #expect(isAt(pacer.sendTime(forFrame: 2, availableAt: at(0.01)), 2.0 / 30))
    }

    @Test("a late frame goes out at once and the frames after it keep their spacing (no burst)")
    func late() {
        var pacer = FramePacer<ManualClock.Instant>(framesPerSecond: 30)
        _ = pacer.sendTime(forFrame: 0, availableAt: at(0))
        #expect(isAt(pacer.sendTime(forFrame: 3, availableAt: at(0.5)), 0.5))
        #expect(isAt(pacer.sendTime(forFrame: 4, availableAt: at(0.5)), 0.5 + 1.0 / 30))
        #expect(isAt(pacer.sendTime(forFrame: 5, availableAt: at(0.5)), 0.5 + 2.0 / 30))
    }

    @Test("the schedule starts at the first frame seen, whatever its index")
    func laterFirstFrame() {
        var pacer = FramePacer<ManualClock.Instant>(framesPerSecond: 60)
        #expect(isAt(pacer.sendTime(forFrame: 5, availableAt: at(2)), 2))
        #expect(isAt(pacer.sendTime(forFrame: 6, availableAt: at(2)), 2 + 1.0 / 60))
    }
}
