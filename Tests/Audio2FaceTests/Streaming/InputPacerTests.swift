import Audio2Face
import Audio2FaceTestSupport
import Testing

/// The input budget of one stream: when a sender may be read and how long one that runs ahead waits.
@Suite struct InputPacerTests {
    private typealias Pacer = InputPacer<ManualClock.Instant>

    private static func at(_ milliseconds: Int64) -> ManualClock.Instant {
        ManualClock.Instant(offset: .milliseconds(milliseconds))
    }

    @Test("a real-time sender is never held, even with no burst")
    func realTimeNeverWaits() {
        var pacer = Pacer(maxSpeedup: 1, burstSeconds: 0, now: Self.at(0))
        for step in Int64(0)..<100 {
            #expect(pacer.decision(at: Self.at(step * 100)) == .readNow)
            pacer.received(audioSeconds: 0.1, at: Self.at(step * 100))
        }
        #expect(pacer.decision(at: Self.at(10_000)) == .readNow)
    }

    @Test("the burst is read at once; audio beyond it waits until the speed-up has paid for it")
    func burstThenWait() {
        var pacer = Pacer(maxSpeedup: 4, burstSeconds: 2, now: Self.at(0))
        pacer.received(audioSeconds: 2, at: Self.at(0))
        #expect(pacer.decision(at: Self.at(0)) == .readNow)
        pacer.received(audioSeconds: 1, at: Self.at(0))
        // 1 s of audio over the budget at 4 s of audio per second: a quarter of a second.
        #expect(pacer.decision(at: Self.at(0)) == .waitUntil(Self.at(250)))
        #expect(pacer.decision(at: Self.at(100)) == .waitUntil(Self.at(250)))
        #expect(pacer.decision(at: Self.at(250)) == .readNow)
    }

    @Test("a fast sender is held to the speed-up on average")
    func fastSenderHeldToSpeedup() {
        var pacer = Pacer(maxSpeedup: 2, burstSeconds: 1, now: Self.at(0))
        var now = Self.at(0)
        var audioSeconds = 0.0
        // A sender that always has the next second of audio ready: it is read whenever the pacer allows.
        for _ in 0..<20 {
            if case .waitUntil(let deadline) = pacer.decision(at: now) { now = deadline }
            pacer.received(audioSeconds: 1, at: now)
            audioSeconds += 1
        }
        // Two messages at once (the burst, then one read on credit), each further one half a second later.
        #expect(now == Self.at(9_000))
        #expect(audioSeconds == 20)
    }

    @Test("silence refills the budget only up to the burst")
    func refillCappedAtBurst() {
        var pacer = Pacer(maxSpeedup: 4, burstSeconds: 2, now: Self.at(0))
        #expect(pacer.decision(at: Self.at(600_000)) == .readNow)
        pacer.received(audioSeconds: 3, at: Self.at(600_000))
        #expect(pacer.decision(at: Self.at(600_000)) == .waitUntil(Self.at(600_250)))
    }
}
