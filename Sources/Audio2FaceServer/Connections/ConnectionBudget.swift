import Audio2Face
import Logging
import Synchronization

/// Counts the open connections, in total and per client address, and turns away those beyond
/// `server.max_connections` or `server.max_connections_per_client`, so that connections that never
/// become streams cannot use up the descriptors `/health` and real streams need. A connection is counted
/// from its acceptance until it closes, whatever it turns into.
final class ConnectionBudget: Sendable {
    /// What a new connection gets.
    enum Admission: Equatable, Sendable {
        /// It may proceed; ``release(address:)`` must follow when it closes.
        case admitted
        /// The server holds `limit` connections already.
        case serverFull(limit: Int)
        /// Its address holds `limit` connections already.
        case addressFull(limit: Int)
    }

    private struct Counts {
        var total = 0
        var perAddress: [String: Int] = [:]
    }

    /// Most connections open at once.
    let maxConnections: Int
    /// Most connections open at once from one address; 0 = no limit.
    let maxConnectionsPerAddress: Int
    private let counts = Mutex(Counts())

    /// A budget of `maxConnections` in total and `maxConnectionsPerAddress` per address (0 = no limit).
    init(maxConnections: Int, maxConnectionsPerAddress: Int) {
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
    }

    /// The limits `server` sets within `descriptors`: `max_connections: 0` takes the most the open-file
    /// limit allows, and a larger value is lowered to that with a warning, since admitting it could use
    /// up the descriptors the process itself needs. One log line says what applies.
    static func configured(by server: ServerConfig, descriptors: DescriptorBudget, logger: Logger) -> ConnectionBudget {
        var maxConnections = descriptors.maxConnections
        if server.maxConnections > descriptors.maxConnections {
            logger.warning(
                "server.max_connections is more than the open-file limit allows; lowered",
                metadata: [
                    "server.max_connections": .stringConvertible(server.maxConnections),
                    "server.max_connections_allowed": .stringConvertible(descriptors.maxConnections),
                    "process.nofile_soft": .stringConvertible(descriptors.openFileLimit),
                ])
        } else if server.maxConnections > 0 {
            maxConnections = server.maxConnections
        }
        let budget = ConnectionBudget(
            maxConnections: maxConnections, maxConnectionsPerAddress: server.maxConnectionsPerClient)
        logger.info(
            "connection limits",
            metadata: [
                "server.max_connections": .stringConvertible(budget.maxConnections),
                "server.max_connections_per_client": .stringConvertible(budget.maxConnectionsPerAddress),
                "server.socket_ceiling": .stringConvertible(descriptors.socketCeiling),
                "process.nofile_soft": .stringConvertible(descriptors.openFileLimit),
                "process.nofile_reserved": .stringConvertible(descriptors.reserve),
            ])
        return budget
    }

    /// Counts a connection from `address` if the budget allows it.
    func admit(address: String) -> Admission {
        counts.withLock { counts in
            if counts.total >= maxConnections { return .serverFull(limit: maxConnections) }
            let fromAddress = counts.perAddress[address, default: 0]
            if maxConnectionsPerAddress > 0 && fromAddress >= maxConnectionsPerAddress {
                return .addressFull(limit: maxConnectionsPerAddress)
            }
            counts.total += 1
            counts.perAddress[address] = fromAddress + 1
            return .admitted
        }
    }

    /// Uncounts an admitted connection from `address` that has closed.
    func release(address: String) {
        counts.withLock { counts in
            counts.total -= 1
            let remaining = counts.perAddress[address, default: 1] - 1
            counts.perAddress[address] = remaining > 0 ? remaining : nil
        }
    }

    /// The number of connections open now.
    var openConnections: Int { counts.withLock { $0.total } }
}
