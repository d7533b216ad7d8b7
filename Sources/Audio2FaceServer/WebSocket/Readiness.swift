import Synchronization

/// Whether the engine has finished warming up. `/ready` answers from it, and new streams wait on it so
/// that a client connecting during warm-up is served as soon as the engine is warm.
public final class Readiness: Sendable {
    private struct State {
        var ready = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Creates a not-yet-ready flag.
    public init() {}

    /// True once the engine is warm.
    public var isReady: Bool { state.withLock { $0.ready } }

    /// Marks the service ready and releases every waiting stream.
    public func markReady() {
        let waiters = state.withLock { state in
            state.ready = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the service is ready.
    public func waitUntilReady() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.ready { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
