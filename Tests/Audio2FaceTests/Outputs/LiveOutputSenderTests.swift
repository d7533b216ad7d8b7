import Audio2FaceTestSupport
import Testing

@testable import Audio2Face

@Suite struct LiveOutputSenderTests {
    /// A one-channel clip of `values` starting at frame `startFrame`.
    private func clip(_ values: [Float], startFrame: Int = 0) -> FaceClip {
        FaceClip(channelNames: ["JawOpen"], values: values, startFrame: startFrame)
    }

    @Test("frames fed at once go out one per frame time, not in a burst")
    func pacedOnTheClock() async throws {
        let receiver = try LoopbackUDPReceiver()
        let clock = ManualClock()
        let sender = LiveOutputSender(
            socket: try UDPDatagramSocket(host: "127.0.0.1", port: receiver.port), framesPerSecond: 30,
            makeEncoder: { VMCFrameEncoder(channelNames: $0) })
        let running = Task { await sender.run(clock: clock) }
        sender.feed.yield(.started(channelNames: ["JawOpen"]))
        sender.feed.yield(.frames(clip([0.1, 0.2, 0.3])))
        sender.feed.yield(.ended)

        let firstWait = await clock.sleepingDeadlines()
        #expect(firstWait.map { ($0.offset - .seconds(1.0 / 30)) / .microseconds(1) }.allSatisfy { abs($0) < 1 })
        #expect(receiver.drain().count == 1)
        clock.advance(by: .seconds(1.0 / 30))
        _ = await clock.sleepingDeadlines()
        #expect(receiver.drain().count == 1)
        clock.advance(by: .seconds(1.0 / 30))
        await running.value
        #expect(receiver.drain().count == 1)
        #expect(sender.counts.sent == 3)
        #expect(sender.counts.dropped == 0)
    }

    @Test("a closed target: frames are dropped and counted, the sender finishes all the same")
    func closedTarget() async throws {
        let port = try LoopbackUDPReceiver.closedPort()
        let drops = LiveOutputCounts()
        let sender = LiveOutputSender(
            socket: try UDPDatagramSocket(host: "127.0.0.1", port: port), framesPerSecond: 10_000, counts: drops,
            makeEncoder: { VMCFrameEncoder(channelNames: $0) })
        sender.feed.yield(.frames(clip([Float](repeating: 0.5, count: 20))))
        sender.feed.finish()
        await sender.run(clock: ContinuousClock())
        #expect(drops.sent + drops.dropped == 20)
        #expect(drops.dropped > 0)
    }

    @Test("a host name that does not resolve is an error naming the host")
    func unresolvable() {
        #expect {
            _ = try UDPDatagramSocket(host: "no-such-host.invalid", port: 39_539)
        } throws: { error in
            "\(error)".contains("'no-such-host.invalid'")
        }
        #expect(throws: LiveOutputError.invalidPort(0, target: "127.0.0.1:0")) {
            _ = try UDPDatagramSocket(host: "127.0.0.1", port: 0)
        }
    }
}
