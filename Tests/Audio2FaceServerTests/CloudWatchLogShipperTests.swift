import Audio2FaceTestSupport
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import Audio2FaceServer

/// The shipper's batching, send interval and retry backoff, against an in-memory CloudWatch Logs and
/// on a manual clock.
@Suite(.timeLimit(.minutes(1))) struct CloudWatchLogShipperTests {
    /// A CloudWatch Logs that fails its first `failures` PutLogEvents calls with a retryable error and
    /// reports every call on ``puts``.
    final class FlakyLogs: CloudWatchLogsAPI {
        private let failuresLeft: Mutex<Int>
        let puts: AsyncStream<[CloudWatchLogEvent]>
        private let put: AsyncStream<[CloudWatchLogEvent]>.Continuation

        init(failures: Int) {
            failuresLeft = Mutex(failures)
            (puts, put) = AsyncStream.makeStream()
        }

        func createLogGroup(_ group: String) async throws {}
        func createLogStream(_ stream: String, group: String) async throws {}

        func putLogEvents(_ events: [CloudWatchLogEvent], group: String, stream: String) async throws {
            let fails = failuresLeft.withLock { left in
                defer { left -= 1 }
                return left > 0
            }
            put.yield(events)
            if fails {
                throw CloudWatchLogsClient.ServiceError(
                    status: 503, type: "ServiceUnavailableException", message: "try later")
            }
        }
    }

    /// Runs `shipper` in a service group while `body` drives it, then shuts it down gracefully.
    private static func running(_ shipper: CloudWatchLogShipper, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(services: [shipper], logger: Logger(label: "shipper.test"))
        let run = Task { try await group.run() }
        try await body()
        await group.triggerGracefulShutdown()
        try await run.value
    }

    @Test("the backoff doubles from 0.2 s and stops growing at 5 s")
    func backoffSchedule() {
        #expect(
            (1...8).map(CloudWatchLogShipper.backoff(beforeAttempt:)) == [
                .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1_600), .milliseconds(3_200),
                .seconds(5), .seconds(5), .seconds(5),
            ])
    }

    @Test("a failing batch is retried after 0.2, 0.4, 0.8 and 1.6 s, then given up and counted")
    func backoffSequenceThenGiveUp() async throws {
        let logs = FlakyLogs(failures: .max)
        let clock = ManualClock()
        let shipper = CloudWatchLogShipper(
            client: logs, group: "g", stream: "s", batchSize: 4, maxQueuedEvents: 100, sendInterval: .seconds(3_600),
            maxAttempts: 5, clock: clock)
        var waits: [Duration] = []
        try await Self.running(shipper) {
            var puts = logs.puts.makeAsyncIterator()
            for index in 1...4 { shipper.write("line \(index)", at: .now) }  // a full batch goes at once
            #expect(await puts.next()?.count == 4)
            for _ in 1..<5 {
                // Two sleepers: the send interval and the backoff before the next try.
                let backoffEnd = try #require(await clock.sleepingDeadlines(count: 2).first)
                waits.append(clock.now.duration(to: backoffEnd))
                clock.advance(by: clock.now.duration(to: backoffEnd))
                #expect(await puts.next()?.count == 4)
            }
        }
        #expect(waits == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1_600)])
        #expect(shipper.failedEventCount == 4)
        #expect(shipper.sentEventCount == 0)
    }

    @Test("a batch that fails twice is sent on the third try, after 0.6 s on the clock")
    func recoversAfterRetries() async throws {
        let logs = FlakyLogs(failures: 2)
        let clock = ManualClock()
        let shipper = CloudWatchLogShipper(
            client: logs, group: "g", stream: "s", batchSize: 2, maxQueuedEvents: 100, sendInterval: .seconds(3_600),
            clock: clock)
        try await Self.running(shipper) {
            var puts = logs.puts.makeAsyncIterator()
            shipper.write("a", at: .now)
            shipper.write("b", at: .now)
            for _ in 0..<2 {
                _ = await puts.next()
                let backoffEnd = try #require(await clock.sleepingDeadlines(count: 2).first)
                clock.advance(by: clock.now.duration(to: backoffEnd))
            }
            #expect(await puts.next()?.map(\.message) == ["a", "b"])
        }
        #expect(clock.now == ManualClock.Instant(offset: .milliseconds(600)))
        #expect(shipper.sentEventCount == 2)
        #expect(shipper.failedEventCount == 0)
    }

    @Test("lines short of a batch go out when the send interval passes on the clock")
    func sendInterval() async throws {
        let logs = FlakyLogs(failures: 0)
        let clock = ManualClock()
        let shipper = CloudWatchLogShipper(
            client: logs, group: "g", stream: "s", batchSize: 10, maxQueuedEvents: 100, sendInterval: .seconds(5),
            clock: clock)
        try await Self.running(shipper) {
            var puts = logs.puts.makeAsyncIterator()
            shipper.write("one", at: .now)
            shipper.write("two", at: .now)
            #expect(await clock.sleepingDeadlines() == [ManualClock.Instant(offset: .seconds(5))])
            clock.advance(by: .seconds(5))
            #expect(await puts.next()?.map(\.message) == ["one", "two"])
        }
        #expect(shipper.sentEventCount == 2)
    }
}
