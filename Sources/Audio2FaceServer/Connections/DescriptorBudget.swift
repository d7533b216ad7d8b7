import NIOCore

/// How the open-file limit is shared between connections and everything else the process opens.
///
/// A part of the limit is reserved and never handed to connections: the descriptors the process holds
/// when the budget is made (standard streams, model and asset files, a GPU runtime's device files), and
/// a margin for what it opens later — each event loop's epoll, eventfd and timerfd, the signal
/// descriptors, log files and their rotation, `/tail_log` reads, CloudWatch connections, and the
/// `/proc/<tid>/stat` files that libdispatch's worker-pool monitor opens every second. That monitor
/// executes a trap instruction (the process dies with SIGILL) when such an `open` fails, so the
/// reserve is what keeps a connection flood from killing the process. The margin is at least 32 plus
/// 4 per event loop, or a tenth of the limit when that is more.
///
/// The rest, the socket ceiling, is the most accepted sockets held at once: admitted connections and
/// those being refused with 503. ``AcceptGate`` stops accepting before it would be passed. Below it,
/// a sixteenth (at least ``acceptBatch``) is kept for the 503s, so that a full server still answers
/// new clients promptly; what remains is the most connections `server.max_connections` may admit.
struct DescriptorBudget: Equatable, Sendable {
    /// Connections a listening socket accepts in one go before the gate is asked again (SwiftNIO's
    /// default `maxMessagesPerRead`, which the HTTP server keeps).
    static let acceptBatch = 4
    /// The fewest sockets worth serving with; a lower limit stops start-up.
    static let minimumSocketCeiling = 16

    /// The soft open-file limit the budget shares.
    let openFileLimit: Int
    /// Descriptors never used for connections.
    let reserve: Int
    /// The most accepted sockets held at once, refusals included.
    let socketCeiling: Int
    /// Sockets below the ceiling kept for connections being refused.
    let refusalRoom: Int

    /// The budget for `openFileLimit` when the process holds `descriptorsInUse` descriptors and runs
    /// `eventLoops` event loops.
    init(openFileLimit: UInt64, descriptorsInUse: Int, eventLoops: Int) {
        let limit = Int(min(openFileLimit, UInt64(Int32.max)))
        let margin = max(32 + 4 * max(eventLoops, 1), limit / 10)
        self.openFileLimit = limit
        self.reserve = max(descriptorsInUse, 0) + margin
        self.socketCeiling = max(limit - reserve, Self.minimumSocketCeiling)
        self.refusalRoom = max(Self.acceptBatch, socketCeiling / 16)
    }

    /// The most connections that may be admitted: `server.max_connections: 0` means this, and a larger
    /// configured value is lowered to it.
    var maxConnections: Int { socketCeiling - refusalRoom }

    /// Whether the limit leaves at least ``minimumSocketCeiling`` sockets after the reserve.
    var leavesRoomForConnections: Bool { openFileLimit - reserve >= Self.minimumSocketCeiling }

    /// The lowest open-file limit that leaves room for connections with this reserve.
    var lowestWorkableLimit: Int { reserve + Self.minimumSocketCeiling }

    /// The budget for the soft limit in force now, the descriptors open now and the event loops the
    /// HTTP server runs; a limit or count that cannot be read is taken as 1,024 and 64.
    static func measured() -> DescriptorBudget {
        DescriptorBudget(
            openFileLimit: DescriptorLimit.currentSoftLimit() ?? 1_024,
            descriptorsInUse: DescriptorLimit.descriptorsInUse() ?? 64,
            eventLoops: NIOSingletons.groupLoopCountSuggestion)
    }

    /// Throws ``DescriptorShortage`` when the limit leaves too few descriptors for connections.
    func requireRoomForConnections() throws {
        guard leavesRoomForConnections else { throw DescriptorShortage(budget: self) }
    }
}

/// The open-file limit is too low to serve: says what the service keeps and what to raise it to.
public struct DescriptorShortage: Error, CustomStringConvertible {
    let budget: DescriptorBudget

    public var description: String {
        "the open-file limit (\(budget.openFileLimit)) is too low: the service keeps \(budget.reserve) descriptors "
            + "for itself and needs at least \(DescriptorBudget.minimumSocketCeiling) for connections; raise it to "
            + "at least \(budget.lowestWorkableLimit) (ulimit -n, systemd LimitNOFILE=, or the container's nofile ulimit)"
    }
}
