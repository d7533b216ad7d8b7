import Audio2Face
import Logging
import Synchronization

/// Counts the open connections, in total and per client address, and turns away those beyond
/// `server.max_connections` or `server.max_connections_per_client`, so that connections that never
/// become streams cannot use up the descriptors `/health` and real streams need. A connection is counted
/// from its acceptance until it closes, whatever it turns into.
///
/// A connection that has not yet sent its first request (it is *waiting*) gives way: when a limit is
/// reached, the oldest waiting connection (of the same address, when the address's limit is the one
/// reached) is evicted to make room, so that idle connections held open by a flood cannot keep `/health`
/// or a new stream out. Only connections that are being served count as a hard limit.
final class ConnectionBudget: Sendable {
    /// One admitted connection, to be passed back when it starts being served or closes.
    struct Ticket: Hashable, Sendable {
        fileprivate let id: UInt64
    }

    /// What a new connection gets.
    enum Admission: Equatable, Sendable {
        /// It may proceed; ``release(_:)`` must follow when it closes.
        case admitted(Ticket)
        /// The server holds `limit` connections already, all of them being served.
        case serverFull(limit: Int)
        /// Its address holds `limit` connections already, all of them being served.
        case addressFull(limit: Int)
    }

    private struct Entry {
        let address: String
        /// Set while the connection waits for its first request: what evicts it.
        var eviction: (@Sendable () -> Void)?
    }

    private struct State {
        var nextID: UInt64 = 0
        var open: [UInt64: Entry] = [:]
        var perAddress: [String: Int] = [:]
        /// Ids of waiting connections, oldest first; ids no longer waiting are skipped and pruned.
        var waitingOrder: [UInt64] = []
        var waitingCount = 0

        mutating func remove(_ id: UInt64) -> Entry? {
            guard let entry = open.removeValue(forKey: id) else { return nil }
            let remaining = perAddress[entry.address, default: 1] - 1
            perAddress[entry.address] = remaining > 0 ? remaining : nil
            if entry.eviction != nil { stopWaiting() }
            return entry
        }

        mutating func stopWaiting() {
            waitingCount -= 1
            if waitingOrder.count > 64 && waitingOrder.count > 2 * waitingCount {
                waitingOrder.removeAll { open[$0]?.eviction == nil }
            }
        }

        /// Removes and returns the oldest waiting connection (from `address`, when given).
        mutating func evictOldestWaiting(from address: String?) -> (@Sendable () -> Void)? {
            guard waitingCount > 0,
                let index = waitingOrder.firstIndex(where: { id in
                    guard let entry = open[id], entry.eviction != nil else { return false }
                    return address == nil || entry.address == address
                })
            else { return nil }
            let id = waitingOrder.remove(at: index)
            return remove(id)?.eviction
        }
    }

    /// Most connections open at once.
    let maxConnections: Int
    /// Most connections open at once from one address; 0 = no limit.
    let maxConnectionsPerAddress: Int
    private let state = Mutex(State())

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

    /// Counts a connection from `address` if the budget allows it, evicting the oldest waiting
    /// connection when a limit is reached. With `eviction`, the new connection is itself waiting until
    /// ``startServing(_:)``: `eviction` is what closes it should a newer one need its place (called
    /// once, on no particular thread, after its count is already released). Without it the connection
    /// is served from the start.
    func admit(address: String, eviction: (@Sendable () -> Void)? = nil) -> Admission {
        let (admission, evicted) = state.withLock { state -> (Admission, (@Sendable () -> Void)?) in
            // The address's own waiting connections give way first; that also frees a place in the total.
            var evicted: (@Sendable () -> Void)?
            if maxConnectionsPerAddress > 0 && state.perAddress[address, default: 0] >= maxConnectionsPerAddress {
                guard let oldest = state.evictOldestWaiting(from: address) else {
                    return (.addressFull(limit: maxConnectionsPerAddress), nil)
                }
                evicted = oldest
            }
            if state.open.count >= maxConnections {
                guard let oldest = state.evictOldestWaiting(from: nil) else {
                    return (.serverFull(limit: maxConnections), evicted)
                }
                evicted = Self.both(evicted, oldest)
            }
            let id = state.nextID
            state.nextID += 1
            state.open[id] = Entry(address: address, eviction: eviction)
            state.perAddress[address, default: 0] += 1
            if eviction != nil {
                state.waitingOrder.append(id)
                state.waitingCount += 1
            }
            return (.admitted(Ticket(id: id)), evicted)
        }
        evicted?()
        return admission
    }

    /// The connection's first request has arrived: it no longer gives way to newer connections.
    func startServing(_ ticket: Ticket) {
        state.withLock { state in
            guard state.open[ticket.id]?.eviction != nil else { return }
            state.open[ticket.id]?.eviction = nil
            state.stopWaiting()
        }
    }

    /// Uncounts an admitted connection that has closed (nothing when it was evicted already).
    func release(_ ticket: Ticket) {
        _ = state.withLock { $0.remove(ticket.id) }
    }

    private static func both(
        _ first: (@Sendable () -> Void)?, _ second: @escaping @Sendable () -> Void
    ) -> @Sendable () -> Void {
        guard let first else { return second }
        return {
            first()
            second()
        }
    }

    /// The number of connections open now.
    var openConnections: Int { state.withLock { $0.open.count } }

    /// The number of open connections still waiting for their first request.
    var waitingConnections: Int { state.withLock { $0.waitingCount } }
}
