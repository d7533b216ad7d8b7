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

    /// The limits `server` sets, with `max_connections: 0` derived from the open-file limit in force, and
    /// one log line saying what they are.
    static func configured(by server: ServerConfig, logger: Logger) -> ConnectionBudget {
        let openFileLimit = DescriptorLimit.currentSoftLimit() ?? 1_024
        let budget = ConnectionBudget(
            maxConnections: server.maxConnections > 0
                ? server.maxConnections : derivedMaxConnections(openFileLimit: openFileLimit),
            maxConnectionsPerAddress: server.maxConnectionsPerClient)
        logger.info(
            "connection limits",
            metadata: [
                "server.max_connections": .stringConvertible(budget.maxConnections),
                "server.max_connections_per_client": .stringConvertible(budget.maxConnectionsPerAddress),
                "process.nofile_soft": .stringConvertible(openFileLimit),
            ])
        return budget
    }

    /// The connection limit when `server.max_connections` is 0: the open-file limit less a reserve for
    /// the model, log and asset files, the event loops' own descriptors and the threads' `/proc` reads
    /// (a tenth of the limit, at least 128), and never below 16.
    static func derivedMaxConnections(openFileLimit: UInt64) -> Int {
        let limit = Int(min(openFileLimit, UInt64(Int32.max)))
        return max(16, limit - max(128, limit / 10))
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
