import NIOCore

/// Counts the gRPC port's connections in the same ``ConnectionBudget`` as the WebSocket port's, so
/// that neither port can spend the descriptors the process needs: a connection beyond
/// `server.max_connections` or `server.max_connections_per_client` is closed as soon as it is accepted
/// (HTTP/2 has no response to send before its preface), and an admitted one is uncounted when it
/// closes.
struct GRPCConnectionGuard: Sendable {
    let budget: ConnectionBudget
    let metrics: ServiceMetrics

    /// Called by the transport for each accepted TCP connection, before its pipeline is set up.
    func accepted(_ channel: any Channel) -> EventLoopFuture<Void> {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        switch budget.admit(address: address) {
        case .admitted(let ticket):
            channel.closeFuture.whenComplete { _ in budget.release(ticket) }
            return channel.eventLoop.makeSucceededVoidFuture()
        case .serverFull:
            metrics.connectionRefused(reason: "connection_limit", transport: .grpc)
            return channel.close()
        case .addressFull:
            metrics.connectionRefused(reason: "client_connection_limit", transport: .grpc)
            return channel.close()
        }
    }
}
