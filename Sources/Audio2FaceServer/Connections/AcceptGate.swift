import HummingbirdCore
import Logging

/// Holds the accepted sockets under the ``DescriptorBudget``'s socket ceiling by not accepting at all
/// while they are near it: the listening socket is not read, so new clients wait in the kernel's listen
/// backlog and cost the process no descriptor. Every accepted socket counts until it closes, admitted or
/// being refused with 503, and a read accepts at most ``DescriptorBudget/acceptBatch`` sockets, so
/// accepting stops while fewer than that are left below the ceiling and the ceiling is never passed,
/// however fast clients connect. Hummingbird's server-channel handler calls it on the listening
/// socket's event loop, once per accepted socket, once per close and before every read.
struct AcceptGate: AvailableConnectionsDelegate {
    /// The most accepted sockets held at once.
    let socketCeiling: Int
    private let logger: Logger
    private(set) var openSockets = 0
    private var paused = false

    /// A gate at `budget`'s socket ceiling that logs when it stops and starts accepting.
    init(budget: DescriptorBudget, logger: Logger) {
        self.socketCeiling = budget.socketCeiling
        self.logger = logger
    }

    mutating func connectionOpened() {
        openSockets += 1
        if !paused && !isAcceptingNewConnections() {
            paused = true
            logger.warning(
                "connection ceiling reached; new connections wait in the listen backlog",
                metadata: ["server.socket_ceiling": .stringConvertible(socketCeiling)])
        }
    }

    /// Logs the end of a pause only once half the ceiling is free again, so that a flood holding the
    /// server at its ceiling does not log a pair of lines per connection.
    mutating func connectionClosed() {
        openSockets -= 1
        if paused && openSockets <= socketCeiling / 2 {
            paused = false
            logger.notice(
                "accepting connections again",
                metadata: ["server.open_connections": .stringConvertible(openSockets)])
        }
    }

    func isAcceptingNewConnections() -> Bool {
        openSockets + DescriptorBudget.acceptBatch <= socketCeiling
    }
}
