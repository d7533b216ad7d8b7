/// Keeps one stream's repeated warnings from flooding the logs: in each `window` of stream time, the
/// first `allowedPerWindow` warnings of a kind are logged and the rest are only counted. The count is
/// reported once, when that kind is next logged (in a later window) or when the stream ends.
///
/// Time is an input (the offset from the stream's start), so the rule is tested without a clock.
struct RepeatedWarningLimiter: Sendable, Equatable {
    /// Warnings of one kind logged per window, by default.
    static let defaultAllowedPerWindow = 3
    /// The length of a window, by default.
    static let defaultWindow = Duration.seconds(60)

    /// What to do with one warning.
    enum Decision: Equatable {
        /// Log it; `suppressedBefore` warnings of its kind were held back since it was last logged.
        case log(suppressedBefore: Int)
        /// Hold it back (counted).
        case suppress
    }

    let allowedPerWindow: Int
    let window: Duration
    private var tallies: [String: Tally] = [:]

    private struct Tally: Equatable {
        var windowStart: Duration
        var logged: Int
        var suppressed: Int
    }

    init(allowedPerWindow: Int = defaultAllowedPerWindow, window: Duration = defaultWindow) {
        precondition(allowedPerWindow >= 1, "allowedPerWindow must be at least 1")
        self.allowedPerWindow = allowedPerWindow
        self.window = window
    }

    /// Decides about a warning of `kind` (its message, not its values) at `now` since the stream began.
    mutating func admit(_ kind: String, at now: Duration) -> Decision {
        guard var tally = tallies[kind], now - tally.windowStart < window else {
            let heldBack = tallies[kind]?.suppressed ?? 0
            tallies[kind] = Tally(windowStart: now, logged: 1, suppressed: 0)
            return .log(suppressedBefore: heldBack)
        }
        defer { tallies[kind] = tally }
        guard tally.logged < allowedPerWindow else {
            tally.suppressed += 1
            return .suppress
        }
        tally.logged += 1
        return .log(suppressedBefore: 0)
    }

    /// The kinds with warnings held back and not yet reported, with their counts (by kind); resets them.
    mutating func takeSuppressed() -> [(kind: String, count: Int)] {
        let held = tallies.filter { $0.value.suppressed > 0 }.map { (kind: $0.key, count: $0.value.suppressed) }
        for kind in held.map(\.kind) { tallies[kind]?.suppressed = 0 }
        return held.sorted { $0.kind < $1.kind }
    }
}
