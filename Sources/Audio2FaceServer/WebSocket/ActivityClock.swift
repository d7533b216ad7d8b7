import Synchronization

/// The time of a connection's last activity, shared by its message loop and its idle watchdog.
final class ActivityClock: Sendable {
    private let last: Mutex<ContinuousClock.Instant>

    init() {
        last = Mutex(ContinuousClock.now)
    }

    /// Records activity now.
    func touch() {
        last.withLock { $0 = ContinuousClock.now }
    }

    /// The time of the last activity.
    var lastActivity: ContinuousClock.Instant {
        last.withLock { $0 }
    }

    /// Returns once `limit` has passed with no activity (sleeping until each deadline, never polling).
    func waitForIdle(longerThan limit: Duration) async throws {
        while true {
            let deadline = lastActivity + limit
            try await Task.sleep(until: deadline, clock: .continuous)
            if ContinuousClock.now >= lastActivity + limit { return }
        }
    }
}
