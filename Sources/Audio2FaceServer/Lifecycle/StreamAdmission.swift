import Synchronization

/// Admission control: how many streams run, in all and per client address. A stream is admitted before
/// its first message is read and released when its connection ends, whatever the reason.
public final class StreamAdmission: Sendable {
    /// Why a stream was turned away.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        /// The server runs its maximum number of streams.
        case serverFull(limit: Int)
        /// This client address runs its maximum number of streams.
        case clientFull(limit: Int)
        /// The service is draining for shutdown.
        case shuttingDown

        public var description: String {
            switch self {
            case .serverFull(let limit): "server at capacity (\(limit) streams); try again later"
            case .clientFull(let limit): "too many streams from this address (limit \(limit)); try again later"
            case .shuttingDown: "server is shutting down; reconnect to another instance"
            }
        }

        /// The `reason` label of the refusal metric.
        public var metricsLabel: String {
            switch self {
            case .serverFull: "capacity"
            case .clientFull: "client_limit"
            case .shuttingDown: "shutting_down"
            }
        }

        /// The close frame a refused stream gets: 1013 (try again later) for capacity, 1001 (going
        /// away) while shutting down.
        public var closeReason: CloseReason {
            switch self {
            case .serverFull, .clientFull: CloseReason(code: .unknown(1013), text: description)
            case .shuttingDown: CloseReason(code: .goingAway, text: description)
            }
        }
    }

    private struct State {
        var total = 0
        var perClient: [String: Int] = [:]
        var admitting = true
    }

    /// Most streams at once.
    public let maxStreams: Int
    /// Most streams per client address at once (0 = unlimited).
    public let maxStreamsPerClient: Int
    private let state = Mutex(State())

    /// Creates the admission control.
    public init(maxStreams: Int, maxStreamsPerClient: Int) {
        self.maxStreams = maxStreams
        self.maxStreamsPerClient = maxStreamsPerClient
    }

    /// Streams running now.
    public var activeStreams: Int { state.withLock { $0.total } }

    /// Admits a stream from `client` or says why not; every admission must be paired with ``release(client:)``.
    public func admit(client: String) throws(Refusal) {
        let refusal: Refusal? = state.withLock { state in
            if !state.admitting { return .shuttingDown }
            if state.total >= maxStreams { return .serverFull(limit: maxStreams) }
            let fromClient = state.perClient[client, default: 0]
            if maxStreamsPerClient > 0 && fromClient >= maxStreamsPerClient {
                return .clientFull(limit: maxStreamsPerClient)
            }
            state.total += 1
            state.perClient[client] = fromClient + 1
            return nil
        }
        if let refusal { throw refusal }
    }

    /// Refuses every later stream (the service is draining); streams already admitted run on.
    public func stopAdmitting() {
        state.withLock { $0.admitting = false }
    }

    /// Releases a stream admitted for `client`.
    public func release(client: String) {
        state.withLock { state in
            state.total -= 1
            let remaining = state.perClient[client, default: 1] - 1
            state.perClient[client] = remaining > 0 ? remaining : nil
        }
    }
}
