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
    }

    private struct State {
        var total = 0
        var perClient: [String: Int] = [:]
        var admitting = true
        /// Opens when the running streams are down to none; present only while some run.
        var noStreams: Latch?
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
            if state.total == 0 { state.noStreams = Latch() }
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

    /// Releases a stream admitted for `client`; the last one to go wakes ``waitUntilNoStreams()``.
    public func release(client: String) {
        let lastStreamEnded = state.withLock { state -> Latch? in
            state.total -= 1
            let remaining = state.perClient[client, default: 1] - 1
            state.perClient[client] = remaining > 0 ? remaining : nil
            guard state.total == 0 else { return nil }
            defer { state.noStreams = nil }
            return state.noStreams
        }
        lastStreamEnded?.open()
    }

    /// Returns once no stream runs (at once if none does); throws `CancellationError` when the waiting
    /// task is cancelled first. After ``stopAdmitting()`` no stream can start again, so this is the
    /// end of a drain.
    public func waitUntilNoStreams() async throws {
        guard let noStreams = state.withLock({ $0.noStreams }) else { return }
        try await noStreams.wait()
    }
}
