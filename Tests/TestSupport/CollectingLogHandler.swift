import Logging
import Synchronization

/// A log handler that keeps every event (level, message, metadata, source), to check what is logged.
public final class CollectingLogHandler: LogHandler, Sendable {
    /// One logged event.
    public struct Event: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata
        public var source: String
    }

    private let collected = Mutex<[Event]>([])

    /// An empty collector.
    public init() {}

    /// Every event so far, in order.
    public var events: [Event] { collected.withLock { $0 } }
    /// Every event so far as `message metadata source`, in order.
    public var lines: [String] { events.map { "\($0.message) \($0.metadata) \($0.source)" } }

    public var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    public var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }
    public func log(event: LogEvent) {
        let kept = Event(
            level: event.level, message: event.message.description, metadata: event.metadata ?? [:],
            source: event.source)
        collected.withLock { $0.append(kept) }
    }
}
