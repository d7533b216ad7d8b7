import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 channel with the WebSocket upgrade, with a ``FirstRequestGuard`` placed between
/// the HTTP decoder and the upgrade handler: every connection is counted against the
/// ``ConnectionBudget`` and held to the header-read timeout and the RFC 6455 handshake rules before an
/// upgrade is considered. Behind the upgrade handler sits a ``ClientFrameRules/Installer``, which puts the
/// RFC 6455 rules for client frames behind the frame decoder once a connection is upgraded.
struct GuardedHTTPChannel: ServerChildChannel {
    typealias Value = HTTP1WebSocketUpgradeChannel.Value

    let upgradeChannel: HTTP1WebSocketUpgradeChannel
    let budget: ConnectionBudget
    let headerReadTimeout: TimeAmount
    let metrics: ServiceMetrics?
    /// The frame size limit of the WebSocket decoder (`server.max_message_bytes`), named in its refusals.
    let maxFrameBytes: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let metrics = metrics
        let maxFrameBytes = maxFrameBytes
        let (refusal, ticket) = admit(channel)
        let budget = budget
        let headerReadTimeout = headerReadTimeout
        return upgradeChannel.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let upgrader = try pipeline.handler(
                type: NIOTypedHTTPServerUpgradeHandler<HTTP1WebSocketUpgradeChannel.UpgradeResult>.self)
            let guardHandler = FirstRequestGuard(
                headerReadTimeout: headerReadTimeout, metrics: metrics, refusalOnArrival: refusal,
                onFirstRequest: { if let ticket { budget.startServing(ticket) } })
            try pipeline.addHandler(guardHandler, position: .before(upgrader))
            try pipeline.addHandler(
                ClientFrameRules.Installer(maxFrameBytes: maxFrameBytes), position: .after(upgrader))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await upgradeChannel.handle(value: value, logger: logger)
    }

    /// Counts `channel` against the budget until it closes (evictable until its first request), or
    /// returns the 503 that refuses it.
    private func admit(_ channel: any Channel) -> (FirstRequestGuard.Refusal?, ConnectionBudget.Ticket?) {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        let message: String
        let reason: String
        let eviction: @Sendable () -> Void = {
            channel.eventLoop.execute {
                guard let waiting = try? channel.pipeline.syncOperations.handler(type: FirstRequestGuard.self)
                else { return }  // its first request was accepted meanwhile: it stays
                waiting.evict()
            }
        }
        switch budget.admit(address: address, eviction: eviction) {
        case .admitted(let ticket):
            let budget = budget
            channel.closeFuture.whenComplete { _ in budget.release(ticket) }
            return (nil, ticket)
        case .serverFull(let limit):
            message = "the server holds its maximum of \(limit) connections; try again later"
            reason = "connection_limit"
        case .addressFull(let limit):
            message = "too many connections from this address (limit \(limit)); try again later"
            reason = "client_connection_limit"
        }
        return (
            FirstRequestGuard.Refusal(
                status: .serviceUnavailable, headers: ["Retry-After": "1"], message: message, reason: reason), nil
        )
    }
}
