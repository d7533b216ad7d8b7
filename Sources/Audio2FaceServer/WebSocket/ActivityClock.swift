import Synchronization

/// A connection's activity, shared by its message loop and its watchdog. The stream is *idle* when
/// nothing arrived and nothing was computed for a while (time spent in inference never counts), and
/// it is *not reading* when one write to the client has been blocked for that long (the client
/// stopped reading and the socket buffers are full).
final class ActivityClock: Sendable {
    /// What the watchdog found.
    enum Stall: Equatable {
        /// The client sent nothing for the limit.
        case idle
        /// A write to the client has not completed within the limit.
        case notReading
    }

    private struct State {
        var lastActivity = ContinuousClock.now
        var working = false
        var writeStarted: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// Records activity now.
    func touch() {
        state.withLock { $0.lastActivity = .now }
    }

    /// Marks the start of work on a message (decoding, inference); the stream is not idle meanwhile.
    func beginWork() {
        state.withLock { $0.working = true }
    }

    /// Marks the end of work; idleness counts from now.
    func endWork() {
        state.withLock { state in
            state.working = false
            state.lastActivity = .now
        }
    }

    /// Marks the start of a write to the client.
    func beginWrite() {
        state.withLock { $0.writeStarted = .now }
    }

    /// Marks a completed write (activity).
    func endWrite() {
        state.withLock { state in
            state.writeStarted = nil
            state.lastActivity = .now
        }
    }

    /// Returns once the stream has been idle, or one write blocked, for longer than `limit` (sleeping
    /// until each deadline, never polling); throws when cancelled.
    func waitForStall(longerThan limit: Duration) async throws -> Stall {
        while true {
            let now = ContinuousClock.now
            let (deadline, stall): (ContinuousClock.Instant, Stall?) = state.withLock { state in
                if let started = state.writeStarted {
                    return started + limit <= now ? (now, .notReading) : (started + limit, nil)
                }
                if state.working { return (now + limit, nil) }
                return state.lastActivity + limit <= now ? (now, .idle) : (state.lastActivity + limit, nil)
            }
            if let stall { return stall }
            try await Task.sleep(until: deadline, clock: .continuous)
        }
    }
}
