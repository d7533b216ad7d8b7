import Synchronization

/// Where the service is in its life: warming up, ready, failed to warm up, or draining for shutdown.
/// `/ready` answers 200 only while ready; new streams wait for warm-up to settle and are told why
/// they cannot be served otherwise.
public final class Readiness: Sendable {
    /// The service's phase.
    public enum Phase: Sendable, Equatable {
        case warmingUp
        case ready
        case failed(String)
        case draining

        /// The word `/ready` answers with.
        public var label: String {
            switch self {
            case .warmingUp: "WARMING UP"
            case .ready: "READY"
            case .failed: "FAILED"
            case .draining: "DRAINING"
            }
        }
    }

    /// Why a stream cannot be served.
    public enum Unavailable: Error, Equatable, CustomStringConvertible {
        case warmUpFailed(String)
        case draining

        public var description: String {
            switch self {
            case .warmUpFailed(let reason): "engine failed to warm up: \(reason)"
            case .draining: "server is shutting down; reconnect to another instance"
            }
        }
    }

    private let current = Mutex(Phase.warmingUp)
    /// Opens when warm-up settles (ready or failed) or draining begins.
    private let settled = Latch()

    /// Creates a service that is warming up.
    public init() {}

    /// The phase now.
    public var phase: Phase { current.withLock { $0 } }

    /// True while streams are accepted.
    public var isReady: Bool { phase == .ready }

    /// Marks the engine warm; streams waiting for it go on.
    public func markReady() { move(to: .ready, from: [.warmingUp]) }

    /// Marks warm-up as failed; waiting streams are told why.
    public func markFailed(_ reason: String) { move(to: .failed(reason), from: [.warmingUp]) }

    /// Starts draining: `/ready` turns 503 at once and streams still waiting for warm-up are refused.
    public func beginDraining() { move(to: .draining, from: [.warmingUp, .ready]) }

    /// Returns once the service is ready; throws ``Unavailable`` when it never will be, or
    /// `CancellationError` when the waiting task is cancelled (its client left).
    public func waitUntilReady() async throws {
        try await settled.wait()
        switch phase {
        case .ready: return
        case .failed(let reason): throw Unavailable.warmUpFailed(reason)
        case .warmingUp, .draining: throw Unavailable.draining
        }
    }

    private func move(to phase: Phase, from allowed: [Phase]) {
        let moved = current.withLock { current in
            guard allowed.contains(current) else { return false }
            current = phase
            return true
        }
        if moved { settled.open() }
    }
}
