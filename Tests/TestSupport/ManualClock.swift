import Synchronization

/// A clock that moves only when a test moves it, so that code which waits (watchdogs, drains, retries)
/// is tested in microseconds and without races against the machine's speed. Tasks sleeping on it are
/// woken by ``advance(by:)`` once their deadline is reached; ``sleepingDeadlines(count:)`` lets a test
/// wait, without polling, until the code under test has gone to sleep.
public final class ManualClock: Clock, Sendable {
    /// A point on the manual clock's time line: the offset from the clock's start.
    public struct Instant: InstantProtocol, CustomStringConvertible {
        /// Time since the clock was created.
        public var offset: Duration

        public init(offset: Duration) { self.offset = offset }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        public var description: String { "t+\(offset)" }
    }

    private struct Sleeper {
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        let count: Int
        let continuation: CheckedContinuation<[Instant], Never>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var watchers: [Watcher] = []

        var deadlines: [Instant] { sleepers.values.map(\.deadline).sorted() }

        /// Removes and returns the watchers satisfied by the sleepers now registered.
        mutating func satisfiedWatchers() -> [(Watcher, [Instant])] {
            let deadlines = deadlines
            let (ready, waiting) = (
                watchers.filter { $0.count <= deadlines.count }, watchers.filter { $0.count > deadlines.count }
            )
            watchers = waiting
            return ready.map { ($0, deadlines) }
        }
    }

    private let state = Mutex(State())

    /// A clock at offset zero.
    public init() {}

    public var now: Instant { state.withLock { $0.now } }

    public var minimumResolution: Duration { .zero }

    /// Suspends until ``advance(by:)`` reaches `deadline` (at once if it has been reached); throws
    /// `CancellationError` when the sleeping task is cancelled first.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (outcome, watchers): (Result<Void, any Error>?, [(Watcher, [Instant])]) = state.withLock { state in
                    if deadline <= state.now { return (.success(()), []) }
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return (nil, state.satisfiedWatchers())
                }
                if let outcome { continuation.resume(with: outcome) }
                for (watcher, deadlines) in watchers { watcher.continuation.resume(returning: deadlines) }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward by `duration` and wakes every task whose deadline it reaches.
    public func advance(by duration: Duration) {
        precondition(duration >= .zero, "a clock only moves forward (asked to move by \(duration))")
        let woken = state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers.removeValue(forKey: id) }
            return due.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns, sorted, the deadlines of the tasks asleep on this clock once at least `count` of them
    /// are asleep (a test's way to know that the code under test is now waiting).
    public func sleepingDeadlines(count: Int = 1) async -> [Instant] {
        await withCheckedContinuation { (continuation: CheckedContinuation<[Instant], Never>) in
            let ready: [Instant]? = state.withLock { state in
                let deadlines = state.deadlines
                if deadlines.count >= count { return deadlines }
                state.watchers.append(Watcher(count: count, continuation: continuation))
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
