import Synchronization

/// A connection's activity, shared by its message loop (which reports events) and its watchdog task
/// (which waits for a stall). It drives an ``IdleWatchdog`` on an injected clock: it sleeps until the
/// watchdog's next deadline, and while work is in progress it sleeps until the next event instead,
/// never polling.
final class ActivityMonitor<C: Clock<Duration>>: Sendable {
    /// What ``waitForStall(longerThan:)`` found.
    typealias Stall = StreamStall

    private struct State {
        var watchdog: IdleWatchdog<C.Instant>
        /// Counts events, so that a waiter that found nothing to wait for does not miss one.
        var eventCount: UInt64 = 0
        var waiterForEvent: CheckedContinuation<Void, any Error>?
    }

    let clock: C
    private let state: Mutex<State>

    /// A monitor whose idle time counts from now on `clock`.
    init(clock: C) {
        self.clock = clock
        state = Mutex(State(watchdog: IdleWatchdog(now: clock.now)))
    }

    /// Records activity now.
    func touch() {
        record { $0.touch(at: $1) }
    }

    /// Marks the start of work on a message (decoding, inference); the stream is not idle meanwhile.
    func beginWork() {
        record { watchdog, _ in watchdog.beginWork() }
    }

    /// Marks the end of work; idleness counts from now.
    func endWork() {
        record { $0.endWork(at: $1) }
    }

    /// Marks the start of a write to the client.
    func beginWrite() {
        record { $0.beginWrite(at: $1) }
    }

    /// Marks a completed write (activity).
    func endWrite() {
        record { $0.endWrite(at: $1) }
    }

    /// Returns once the stream has been idle, or one write blocked, for longer than `limit`; throws
    /// when cancelled. One task waits at a time.
    func waitForStall(longerThan limit: Duration) async throws -> StreamStall {
        while true {
            let (action, seenEvents) = state.withLock { state in
                (state.watchdog.tick(now: clock.now, limit: limit), state.eventCount)
            }
            switch action {
            case .fire(let stall): return stall
            case .sleep(let deadline): try await clock.sleep(until: deadline, tolerance: nil)
            case .none: try await waitForEvent(after: seenEvents)
            }
        }
    }

    /// Applies `event` at the clock's time, read under the lock so that events land in time order.
    private func record(_ event: (inout IdleWatchdog<C.Instant>, C.Instant) -> Void) {
        let waiter = state.withLock { state in
            event(&state.watchdog, clock.now)
            state.eventCount &+= 1
            defer { state.waiterForEvent = nil }
            return state.waiterForEvent
        }
        waiter?.resume()
    }

    /// Returns at the first event after the `seen`th one (at once if it already happened).
    private func waitForEvent(after seen: UInt64) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.eventCount != seen { return .success(()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    precondition(state.waiterForEvent == nil, "only one task may wait for a stall")
                    state.waiterForEvent = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiterForEvent = nil }
                return state.waiterForEvent
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}

extension ActivityMonitor where C == ContinuousClock {
    /// A monitor on the continuous clock whose idle time counts from now.
    convenience init() {
        self.init(clock: ContinuousClock())
    }
}
