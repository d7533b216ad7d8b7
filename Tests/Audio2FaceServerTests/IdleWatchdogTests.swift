import Audio2FaceTestSupport
import Testing

@testable import Audio2FaceServer

/// The idle watchdog's decisions, first as a bare state machine at chosen instants, then driven by
/// ``ActivityMonitor`` on a manual clock.
@Suite(.timeLimit(.minutes(1))) struct IdleWatchdogTests {
    private typealias Watchdog = IdleWatchdog<ManualClock.Instant>
    private static let limit = Duration.seconds(1)

    private static func at(_ milliseconds: Int64) -> ManualClock.Instant {
        ManualClock.Instant(offset: .milliseconds(milliseconds))
    }

    @Test("silence: sleep until the limit, fire idle at exactly the limit; a touch moves the deadline")
    func idle() {
        var watchdog = Watchdog(now: Self.at(0))
        #expect(watchdog.tick(now: Self.at(0), limit: Self.limit) == .sleep(until: Self.at(1_000)))
        #expect(watchdog.tick(now: Self.at(999), limit: Self.limit) == .sleep(until: Self.at(1_000)))
        #expect(watchdog.tick(now: Self.at(1_000), limit: Self.limit) == .fire(.idle))
        watchdog.touch(at: Self.at(1_200))
        #expect(watchdog.tick(now: Self.at(1_500), limit: Self.limit) == .sleep(until: Self.at(2_200)))
        #expect(watchdog.tick(now: Self.at(2_300), limit: Self.limit) == .fire(.idle))
    }

    @Test("work is not idleness: nothing to wait for while working, idle time counts from the end of work")
    func workIsNotIdle() {
        var watchdog = Watchdog(now: Self.at(0))
        watchdog.touch(at: Self.at(100))
        watchdog.beginWork()
        #expect(watchdog.tick(now: Self.at(60_000), limit: Self.limit) == .none)
        watchdog.endWork(at: Self.at(60_000))
        #expect(watchdog.tick(now: Self.at(60_000), limit: Self.limit) == .sleep(until: Self.at(61_000)))
        #expect(watchdog.tick(now: Self.at(61_000), limit: Self.limit) == .fire(.idle))
    }

    @Test("overlapping work: the stream is idle only once every piece of work has ended")
    func overlappingWork() {
        var watchdog = Watchdog(now: Self.at(0))
        watchdog.beginWork()
        watchdog.beginWork()
        watchdog.endWork(at: Self.at(5_000))
        #expect(watchdog.tick(now: Self.at(9_000), limit: Self.limit) == .none)
        watchdog.endWork(at: Self.at(9_000))
        #expect(watchdog.tick(now: Self.at(9_500), limit: Self.limit) == .sleep(until: Self.at(10_000)))
    }

    @Test("not reading: a write blocked for the limit fires, even while work is in progress")
    func notReading() {
        var watchdog = Watchdog(now: Self.at(0))
        watchdog.beginWork()
        watchdog.beginWrite(at: Self.at(300))
        #expect(watchdog.tick(now: Self.at(300), limit: Self.limit) == .sleep(until: Self.at(1_300)))
        #expect(watchdog.tick(now: Self.at(1_300), limit: Self.limit) == .fire(.notReading))
    }

    @Test("a write that completes is activity: the idle deadline counts from its end")
    func completedWrite() {
        var watchdog = Watchdog(now: Self.at(0))
        watchdog.beginWrite(at: Self.at(200))
        watchdog.endWrite(at: Self.at(900))
        #expect(watchdog.tick(now: Self.at(1_500), limit: Self.limit) == .sleep(until: Self.at(1_900)))
    }

    @Test("driven on a manual clock: silence fires idle when the clock reaches the limit")
    func monitorFiresIdle() async throws {
        let clock = ManualClock()
        let monitor = ActivityMonitor(clock: clock)
        let stall = Task { try await monitor.waitForStall(longerThan: Self.limit) }
        #expect(await clock.sleepingDeadlines() == [clock.now.advanced(by: Self.limit)])
        clock.advance(by: .milliseconds(400))
        monitor.touch()
        clock.advance(by: .milliseconds(600))
        // The first deadline passed, but the touch moved the next one to 1.4 s.
        #expect(await clock.sleepingDeadlines() == [ManualClock.Instant(offset: .milliseconds(1_400))])
        clock.advance(by: .milliseconds(400))
        #expect(try await stall.value == .idle)
    }

    @Test("driven on a manual clock: a minute of inference does not fire; idleness counts from its end")
    func monitorWaitsOutWork() async throws {
        let clock = ManualClock()
        let monitor = ActivityMonitor(clock: clock)
        monitor.beginWork()
        let stall = Task { try await monitor.waitForStall(longerThan: Self.limit) }
        clock.advance(by: .seconds(60))
        monitor.endWork()
        // Had the minute counted as idleness, the watchdog would have fired instead of going to sleep.
        #expect(await clock.sleepingDeadlines() == [ManualClock.Instant(offset: .seconds(61))])
        clock.advance(by: Self.limit)
        #expect(try await stall.value == .idle)
    }

    @Test("driven on a manual clock: a write blocked during work fires not-reading at the limit")
    func monitorFiresNotReading() async throws {
        let clock = ManualClock()
        let monitor = ActivityMonitor(clock: clock)
        monitor.beginWork()
        let stall = Task { try await monitor.waitForStall(longerThan: Self.limit) }
        clock.advance(by: .seconds(5))
        monitor.beginWrite()
        #expect(await clock.sleepingDeadlines() == [ManualClock.Instant(offset: .seconds(6))])
        clock.advance(by: Self.limit)
        #expect(try await stall.value == .notReading)
    }

    @Test("cancelling the waiter ends it, whether it sleeps on the clock or waits for an event")
    func cancellation() async {
        let clock = ManualClock()
        let sleeping = ActivityMonitor(clock: clock)
        let asleep = Task { try await sleeping.waitForStall(longerThan: Self.limit) }
        _ = await clock.sleepingDeadlines()
        asleep.cancel()
        await #expect(throws: CancellationError.self) { try await asleep.value }

        let working = ActivityMonitor(clock: clock)
        working.beginWork()
        let waiting = Task { try await working.waitForStall(longerThan: Self.limit) }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }
}
