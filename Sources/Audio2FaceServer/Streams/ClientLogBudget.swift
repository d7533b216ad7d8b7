import Logging
import Synchronization

/// Bounds what one client address's streams add to the log. Each stream already limits its own repeated
/// warnings, but a client that opens stream after stream (each failing on a bad message, say) would
/// still write every stream's lines: hundreds of streams a second, megabytes a minute. So the first
/// ``streamsPerWindow`` streams of an address in each ``window`` log as usual and the rest of that
/// window log nothing below `error`; the first stream of the next window says how many went unlogged.
/// Metrics count every stream either way.
final class ClientLogBudget<C: Clock>: Sendable where C.Duration == Duration {
    /// What a new stream of an address may log.
    enum Decision: Equatable, Sendable {
        /// Log as usual; `unloggedBefore` streams of this address went unlogged in its previous window.
        case log(unloggedBefore: Int)
        /// Log only errors: the address has used up this window's budget.
        case quiet
    }

    private struct Window {
        var start: C.Instant
        var streams: Int
        var unlogged: Int
    }

    /// Streams per address and window that log as usual.
    let streamsPerWindow: Int
    /// The length of a window.
    let window: Duration
    /// Addresses remembered before windows that have ended are forgotten.
    private static var pruneThreshold: Int { 4_096 }
    private let clock: C
    private let windows = Mutex<[String: Window]>([:])

    init(streamsPerWindow: Int, window: Duration, clock: C) {
        self.streamsPerWindow = streamsPerWindow
        self.window = window
        self.clock = clock
    }

    /// Counts a new stream of `client` and says whether it logs.
    func admit(client: String) -> Decision {
        let now = clock.now
        return windows.withLock { windows in
            if windows.count >= Self.pruneThreshold {
                windows = windows.filter { $0.value.start.duration(to: now) < window }
            }
            guard var current = windows[client], current.start.duration(to: now) < window else {
                let unloggedBefore = windows[client]?.unlogged ?? 0
                windows[client] = Window(start: now, streams: 1, unlogged: 0)
                return .log(unloggedBefore: unloggedBefore)
            }
            current.streams += 1
            let decision: Decision = current.streams <= streamsPerWindow ? .log(unloggedBefore: 0) : .quiet
            if decision == .quiet { current.unlogged += 1 }
            windows[client] = current
            return decision
        }
    }

    /// `logger` for a new stream of `client`: as it is, or raised to `error` when the client is over its
    /// budget. Says, on the stream's logger, how many streams of the client went unlogged before.
    func logger(for client: String, _ logger: Logger) -> Logger {
        var logger = logger
        switch admit(client: client) {
        case .log(let unloggedBefore):
            if unloggedBefore > 0 {
                logger.notice(
                    "earlier streams of this client were not logged (over the per-client log budget)",
                    metadata: [
                        "client.unlogged_streams": .stringConvertible(unloggedBefore),
                        "client.logged_streams_per_minute": .stringConvertible(streamsPerWindow),
                    ])
            }
        case .quiet:
            if logger.logLevel < .error { logger.logLevel = .error }
        }
        return logger
    }
}
