import Audio2Face
import Audio2FaceTestSupport
import Logging
import Testing

@testable import Audio2FaceServer

/// The drain on a manual clock: it ends the moment the last stream is released, and at its deadline
/// it tells the streams still running to close.
@Suite(.timeLimit(.minutes(1))) struct DrainServiceTests {
    private static let timeout = Duration.seconds(30)
    private static let closeGrace = Duration.seconds(2)

    private static func drain(_ controls: ServiceControls, clock: ManualClock) -> DrainService<ManualClock> {
        DrainService(
            controls: controls, drainTimeout: timeout, closeGrace: closeGrace, logger: Logger(label: "drain.test"),
            clock: clock)
    }

    private static func controls(runningStreams: Int) throws -> ServiceControls {
        let controls = ServiceControls(config: ServiceConfig())
        controls.readiness.markReady()
        for index in 0..<runningStreams { try controls.admission.admit(client: "10.0.0.\(index)") }
        return controls
    }

    @Test("with no stream running the drain ends at once, without waiting on the clock")
    func nothingToDrain() async throws {
        let controls = try Self.controls(runningStreams: 0)
        let clock = ManualClock()
        #expect(await Self.drain(controls, clock: clock).drain() == .drained)
        #expect(controls.readiness.phase == .draining)
        #expect(clock.now == ManualClock.Instant(offset: .zero))
    }

    @Test("the drain refuses new streams and ends when the last running stream is released")
    func endsWithLastStream() async throws {
        let controls = try Self.controls(runningStreams: 2)
        let clock = ManualClock()
        let drain = Task { await Self.drain(controls, clock: clock).drain() }
        #expect(await clock.sleepingDeadlines() == [ManualClock.Instant(offset: Self.timeout)])
        #expect(controls.readiness.phase == .draining)
        #expect(throws: StreamAdmission.Refusal.shuttingDown) { try controls.admission.admit(client: "10.0.0.9") }
        controls.admission.release(client: "10.0.0.0")
        controls.admission.release(client: "10.0.0.1")
        #expect(await drain.value == .drained)
        #expect(!controls.drainDeadline.isOpen)
        #expect(clock.now == ManualClock.Instant(offset: .zero))
    }

    @Test("at the deadline the streams still running are told to close and get the close grace to go")
    func deadline() async throws {
        let controls = try Self.controls(runningStreams: 3)
        let clock = ManualClock()
        let drain = Task { await Self.drain(controls, clock: clock).drain() }
        _ = await clock.sleepingDeadlines()
        controls.admission.release(client: "10.0.0.0")
        clock.advance(by: Self.timeout)
        try await controls.drainDeadline.wait()
        #expect(await clock.sleepingDeadlines() == [ManualClock.Instant(offset: Self.timeout + Self.closeGrace)])
        controls.admission.release(client: "10.0.0.1")
        controls.admission.release(client: "10.0.0.2")
        #expect(await drain.value == .timedOut(streamsLeft: 2))
    }

    @Test("streams that ignore the close are left behind once the close grace has passed")
    func closeGraceRunsOut() async throws {
        let controls = try Self.controls(runningStreams: 1)
        let clock = ManualClock()
        let drain = Task { await Self.drain(controls, clock: clock).drain() }
        _ = await clock.sleepingDeadlines()
        clock.advance(by: Self.timeout)
        try await controls.drainDeadline.wait()
        _ = await clock.sleepingDeadlines()
        clock.advance(by: Self.closeGrace)
        #expect(await drain.value == .timedOut(streamsLeft: 1))
        #expect(controls.admission.activeStreams == 1)
    }
}
