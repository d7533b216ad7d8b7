import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of the streaming endpoint: WebSocket upgrade support plus the client's address,
/// which per-client admission limits count by.
struct StreamingRequestContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let remoteAddress: SocketAddress?
    /// The connection, so a refused upgrade can be answered with its real reason.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }

    /// The client's IP address (or a placeholder when the transport has none).
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
