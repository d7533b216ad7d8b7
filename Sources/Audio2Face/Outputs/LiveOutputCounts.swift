import Synchronization

/// How many frames a live output sent and dropped; shared between the sending task and whoever reports
/// it (the CLI's summary, the server's metrics).
public final class LiveOutputCounts: Sendable {
    private let counts = Mutex((sent: 0, dropped: 0))
    /// Called with each dropped frame (the server counts it in its metrics).
    private let onDrop: @Sendable () -> Void

    /// Creates zero counts; `onDrop` is called once per dropped frame.
    public init(onDrop: @escaping @Sendable () -> Void = {}) {
        self.onDrop = onDrop
    }

    /// Frames the socket took.
    public var sent: Int { counts.withLock { $0.sent } }
    /// Frames dropped because the target could not take them.
    public var dropped: Int { counts.withLock { $0.dropped } }

    /// Records one frame's fate.
    func record(sent wasSent: Bool) {
        counts.withLock { counts in
            if wasSent {
                counts.sent += 1
            } else {
                counts.dropped += 1
            }
        }
        if !wasSent { onDrop() }
    }
}
