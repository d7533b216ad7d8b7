import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Ships log lines to CloudWatch Logs. `write` only appends to a bounded queue (it never waits on the
/// network); a service task sends the queue in batches every `sendInterval`, or as soon as a full
/// batch is waiting, creating the log group and stream when they are missing and retrying failures
/// with exponential backoff. When the queue is full, new lines are dropped and counted. On graceful
/// shutdown it sends what is left, then returns. The send interval and the backoff wait on an injected
/// clock.
final class CloudWatchLogShipper: LogLineSink, Service {
    /// Where the batches go: the HTTPS client in service, an in-memory double in tests.
    let client: any CloudWatchLogsAPI
    let group: String
    let stream: String
    let batchSize: Int
    let maxQueuedEvents: Int
    let sendInterval: Duration
    /// Tries per batch before it is dropped (the first included).
    let maxAttempts: Int
    private let clock: any Clock<Duration>
    private let queue = Mutex(Pending())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    private struct Pending {
        var events: [CloudWatchLogEvent] = []
        var lastTimestamp: Int64 = 0
        var droppedEvents = 0
        var failedEvents = 0
        var sentEvents = 0
        var reportedFailure = false
    }

    /// CloudWatch limits: a batch holds at most 1 MiB, counting 26 bytes per event on top of its message;
    /// one message at most 256 KiB.
    static let maxBatchBytes = 1_048_576
    static let eventOverheadBytes = 26
    static let maxMessageBytes = 256 * 1024 - eventOverheadBytes

    init(
        client: some CloudWatchLogsAPI, group: String, stream: String, batchSize: Int, maxQueuedEvents: Int,
        sendInterval: Duration, maxAttempts: Int = 5, clock: some Clock<Duration> = ContinuousClock()
    ) {
        self.client = client
        self.group = group
        self.stream = stream
        self.batchSize = batchSize
        self.maxQueuedEvents = maxQueuedEvents
        self.sendInterval = sendInterval
        self.maxAttempts = maxAttempts
        self.clock = clock
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Lines dropped because the queue was full.
    var droppedEventCount: Int { queue.withLock { $0.droppedEvents } }
    /// Lines given up after every retry failed (or refused by the service).
    var failedEventCount: Int { queue.withLock { $0.failedEvents } }
    /// Lines CloudWatch accepted.
    var sentEventCount: Int { queue.withLock { $0.sentEvents } }

    func write(_ line: String, at time: LogTimestamp) {
        let message = line.utf8.count > Self.maxMessageBytes ? Self.truncated(line) : line
        let batchFull = queue.withLock { pending -> Bool in
            guard pending.events.count < maxQueuedEvents else {
                pending.droppedEvents += 1
                return false
            }
            // Events of one batch must be in time order; lines from concurrent tasks may race.
            pending.lastTimestamp = max(pending.lastTimestamp, time.millisecondsSince1970)
            pending.events.append(CloudWatchLogEvent(timestamp: pending.lastTimestamp, message: message))
            return pending.events.count == batchSize
        }
        if batchFull { wake.yield() }
    }

    func run() async throws {
        var destinationExists = false
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wake, sendInterval, clock] in
                while (try? await clock.sleep(for: sendInterval)) != nil { wake.yield() }
            }
            await withGracefulShutdownHandler {
                for await _ in wakeups {
                    await sendQueued(destinationExists: &destinationExists)
                }
            } onGracefulShutdown: { [wake] in
                wake.finish()
            }
            group.cancelAll()
        }
        // The last lines, with fewer tries so that an unreachable service cannot hold up the exit.
        await sendQueued(destinationExists: &destinationExists, attempts: min(2, maxAttempts))
    }

    /// Sends every waiting event, batch by batch.
    private func sendQueued(destinationExists: inout Bool, attempts: Int? = nil) async {
        while let batch = takeBatch() {
            await send(batch, destinationExists: &destinationExists, attempts: attempts ?? maxAttempts)
        }
    }

    private func takeBatch() -> [CloudWatchLogEvent]? {
        queue.withLock { pending in
            var count = 0
            var bytes = 0
            for event in pending.events.prefix(batchSize) {
                let size = event.message.utf8.count + Self.eventOverheadBytes
                if count > 0 && bytes + size > Self.maxBatchBytes { break }
                count += 1
                bytes += size
            }
            guard count > 0 else { return nil }
            let batch = Array(pending.events.prefix(count))
            pending.events.removeFirst(count)
            return batch
        }
    }

    private func send(_ batch: [CloudWatchLogEvent], destinationExists: inout Bool, attempts: Int) async {
        var lastError: any Error = CancellationError()
        for attempt in 0..<attempts {
            if attempt > 0 {
                let backoff = Self.backoff(beforeAttempt: attempt)
                if (try? await clock.sleep(for: backoff)) == nil && Task.isCancelled { break }
            }
            do {
                if !destinationExists {
                    try await createDestination()
                    destinationExists = true
                }
                try await client.putLogEvents(batch, group: group, stream: stream)
                queue.withLock { $0.sentEvents += batch.count }
                return
            } catch let error as CloudWatchLogsClient.ServiceError where error.type == "ResourceNotFoundException" {
                destinationExists = false  // deleted meanwhile: create it again on the next try
                lastError = error
            } catch let error as CloudWatchLogsClient.ServiceError where !error.isRetryable {
                lastError = error
                break
            } catch {
                lastError = error
            }
        }
        giveUp(batch, error: lastError)
    }

    /// The wait before try `attempt` (counted from 0): 0.2 s, 0.4 s, 0.8 s, … at most 5 s.
    static func backoff(beforeAttempt attempt: Int) -> Duration {
        precondition(attempt > 0, "the first try is not delayed")
        return min(.seconds(5), .milliseconds(200 << min(attempt - 1, 5)))
    }

    /// Creates the log group and stream; "already exists" is success.
    private func createDestination() async throws {
        do {
            try await client.createLogGroup(group)
        } catch let error as CloudWatchLogsClient.ServiceError where error.type == "ResourceAlreadyExistsException" {}
        do {
            try await client.createLogStream(stream, group: group)
        } catch let error as CloudWatchLogsClient.ServiceError where error.type == "ResourceAlreadyExistsException" {}
    }

    /// Counts the lost batch and says so once on standard error (logging it would feed the same queue).
    private func giveUp(_ batch: [CloudWatchLogEvent], error: any Error) {
        let firstFailure = queue.withLock { pending -> Bool in
            pending.failedEvents += batch.count
            defer { pending.reportedFailure = true }
            return !pending.reportedFailure
        }
        if firstFailure {
            writeFully(
                Array(
                    "audio2face: CloudWatch Logs dropped \(batch.count) log events (\(error)); further failures are only counted\n"
                        .utf8),
                to: STDERR_FILENO)
        }
    }

    private static func truncated(_ line: String) -> String {
        var bytes = Array(line.utf8.prefix(maxMessageBytes - 16))
        // Do not cut a UTF-8 sequence in half.
        while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
        if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self) + " …[truncated]"
    }
}
