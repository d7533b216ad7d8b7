import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// Decides each WebSocket upgrade: the streaming path only, and only past the origin and API-key
/// checks and with a known `?output=NAME`; refusals are recorded so the client gets 400/401/403/404 with a
/// reason instead of a bare 400.
///
/// The decision works on the bare HTTP request rather than through a router: Hummingbird's router
/// upgrade keeps each connection's request context in a reference cycle (the context holds the box
/// that holds the context), which leaked about 6 KB per WebSocket connection.
struct StreamingUpgrade: Sendable {
    let controller: StreamingController
    let origins: OriginPolicyMiddleware<BasicRequestContext>
    let apiKeys: APIKeyMiddleware<BasicRequestContext>?
    let refusals: UpgradeRefusals
    let metrics: ServiceMetrics
    let liveOutputs: LiveOutputRoutes

    func decide(
        _ head: HTTPRequest, channel: any Channel, logger: Logger
    ) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let request = Request(head: head, body: .init(buffer: ByteBuffer()))
        let output: LiveOutputRoutes.Route?
        do {
            guard request.uri.path == StreamingController.path else {
                throw HTTPError(.notFound, message: "WebSocket streams are served at \(StreamingController.path)")
            }
            try origins.verifyUpgrade(request)
            try apiKeys?.verify(request)
            if let name = request.uri.queryParameters["output"] {
                do {
                    output = try liveOutputs.route(named: String(name))
                } catch {
                    throw HTTPError(.badRequest, message: error.description)
                }
            } else {
                output = nil
            }
        } catch let error as HTTPError {
            let reason =
                switch error.status {
                case .unauthorized: "unauthorized"
                case .forbidden: "forbidden_origin"
                case .badRequest: "unknown_output"
                default: "not_found"
                }
            metrics.connectionRefused(reason: reason)
            refusals.record(error, for: channel)
            return .dontUpgrade
        } catch {
            return .dontUpgrade
        }
        let client = channel.remoteAddress?.ipAddress ?? "unknown"
        let controller = controller
        return .upgrade([:]) { inbound, outbound, context in
            try await controller.serve(
                inbound: inbound, outbound: outbound, client: client, channel: channel, output: output,
                logger: context.logger)
        }
    }
}
