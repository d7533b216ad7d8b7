/// What the idle watchdog found wrong with a stream.
enum StreamStall: Equatable, Sendable {
    /// Nothing arrived and nothing was computed for the limit.
    case idle
    /// One write to the client has not completed within the limit: the client stopped reading.
    case notReading
}

/// The idle watchdog of one stream as a state machine without I/O or clocks: the connection reports
/// events with the time they happened, and ``tick(now:limit:)`` says what to do. Time spent working on
/// a message (decoding, inference) is never idleness, however long it takes; a write that stays blocked
/// for the limit is a client that stopped reading, even while work is in progress.
struct IdleWatchdog<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// What the driver of the watchdog does next.
    enum Action: Equatable {
        /// Nothing can stall until the next event (work is in progress and no write is blocked).
        case none
        /// The stream stalled.
        case fire(StreamStall)
        /// Check again at this instant, unless an event comes first.
        case sleep(until: Instant)
    }

    private var lastActivity: Instant
    private var workInProgress = 0
    private var writeStarted: Instant?

    /// A watchdog whose idle time counts from `now`.
    init(now: Instant) {
        lastActivity = now
    }

    /// Something arrived from the client.
    mutating func touch(at now: Instant) {
        lastActivity = now
    }

    /// Work on a message began; the stream is not idle until the matching ``endWork(at:)``.
    mutating func beginWork() {
        workInProgress += 1
    }

    /// Work on a message ended; once no work is left, idle time counts from `now`. An unmatched call
    /// counts as activity only.
    mutating func endWork(at now: Instant) {
        workInProgress = max(0, workInProgress - 1)
        lastActivity = now
    }

    /// A write to the client began.
    mutating func beginWrite(at now: Instant) {
        writeStarted = now
    }

    /// The write to the client completed (activity).
    mutating func endWrite(at now: Instant) {
        writeStarted = nil
        lastActivity = now
    }

    /// The verdict at `now` for a stream allowed to stall for at most `limit`: a stall reached at
    /// exactly the limit fires.
    func tick(now: Instant, limit: Duration) -> Action {
        if let writeStarted {
            let deadline = writeStarted.advanced(by: limit)
            return deadline <= now ? .fire(.notReading) : .sleep(until: deadline)
        }
        if workInProgress > 0 { return .none }
        let deadline = lastActivity.advanced(by: limit)
        return deadline <= now ? .fire(.idle) : .sleep(until: deadline)
    }
}
