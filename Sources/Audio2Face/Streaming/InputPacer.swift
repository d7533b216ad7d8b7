/// How fast one stream may hand the server audio: a token bucket in seconds of audio, filled at
/// `maxSpeedup` seconds of audio per second of time up to `burstSeconds`. A client that sends in real
/// time (or up to the speed-up) is never held; one that sends faster may run ahead by the burst, and then
/// the transport stops reading its socket until time catches up, so that one fast sender cannot take the
/// engine from real-time streams. No I/O and no clock: the transport passes the instants.
public struct InputPacer<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// What the transport does before it reads the next message.
    public enum Decision: Equatable, Sendable {
        /// Read now: the stream is within its budget.
        case readNow
        /// Stop reading until this instant: the stream is ahead of its budget.
        case waitUntil(Instant)
    }

    /// Seconds of audio accepted per second of time, once the burst is spent (at least 1).
    public let maxSpeedup: Double
    /// Seconds of audio a stream may send ahead of `maxSpeedup` × elapsed time.
    public let burstSeconds: Double
    /// Seconds of audio the stream may still send without waiting, as of `balanceInstant` (negative
    /// when the last message overdrew the budget).
    private var balanceSeconds: Double
    private var balanceInstant: Instant

    /// A pacer whose budget starts full at `now`.
    public init(maxSpeedup: Double, burstSeconds: Double, now: Instant) {
        precondition(maxSpeedup >= 1, "max_input_speedup must be at least 1 (real time)")
        self.maxSpeedup = maxSpeedup
        self.burstSeconds = max(0, burstSeconds)
        balanceSeconds = self.burstSeconds
        balanceInstant = now
    }

    /// A message with `audioSeconds` of audio was read at `now`; it may overdraw the budget, which
    /// the next ``decision(at:)`` then makes the stream wait for.
    public mutating func received(audioSeconds: Double, at now: Instant) {
        balanceSeconds = balance(at: now) - max(0, audioSeconds)
        balanceInstant = max(balanceInstant, now)
    }

    /// Whether the next message may be read at `now`, or when.
    public func decision(at now: Instant) -> Decision {
        let balance = balance(at: now)
        if balance >= 0 { return .readNow }
        let wait = Duration.nanoseconds(Int64((-balance / maxSpeedup * 1e9).rounded(.up)))
        return .waitUntil(max(now, balanceInstant).advanced(by: wait))
    }

    /// The budget at `now`: refilled since the last message, capped at the burst.
    private func balance(at now: Instant) -> Double {
        guard balanceInstant < now else { return balanceSeconds }
        let elapsed = balanceInstant.duration(to: now)
        let refill = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return min(burstSeconds, balanceSeconds + refill * maxSpeedup)
    }
}
