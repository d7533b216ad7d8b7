import Audio2Face
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle

/// NVIDIA's Audio2Face-3D gRPC API and gRPC health checking on their own port (config `grpc`), as a
/// service of the same process and service group as the WebSocket server: plaintext HTTP/2 over NIO,
/// audio messages up to `server.max_message_bytes`, connections with no call closed after
/// `server.idle_timeout_seconds`, connections counted with the WebSocket port's
/// (``GRPCConnectionGuard``). On graceful shutdown it stops taking calls and lets running ones end
/// (the drain has already waited for them).
public struct GRPCEndpoint: Service {
    let config: Audio2Face.ServiceConfig
    let service: NvidiaA2FService
    let health: GRPCHealthCheck
    let connections: GRPCConnectionGuard
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    /// The endpoint of `parts`' service, sharing `controls` (admission, readiness, metrics) with the
    /// WebSocket server; `onListening` gets the bound port.
    public init(
        parts: ServiceParts, controls: ServiceControls, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        config = parts.config
        service = NvidiaA2FService(
            supervisor: StreamSupervisor(environment: parts.environment, controls: controls, transport: .grpc),
            apiKeys: parts.apiKeys, presets: parts.nvidiaEmotionPresets, profileName: parts.config.grpc.profile,
            maxMessageBytes: parts.config.server.maxMessageBytes, logger: logger)
        health = GRPCHealthCheck(readiness: controls.readiness)
        connections = GRPCConnectionGuard(budget: controls.connections, metrics: controls.metrics)
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let grpc = config.grpc
        let transport = HTTP2ServerTransport.Posix(
            address: Self.socketAddress(host: grpc.host, port: grpc.port),
            transportSecurity: .plaintext,
            config: .defaults { transportConfig in
                transportConfig.rpc.maxRequestPayloadSize = Self.transportPayloadLimit(
                    maxMessageBytes: config.server.maxMessageBytes)
                transportConfig.connection.maxIdleTime = .milliseconds(
                    Int64(config.server.idleTimeoutSeconds * 1_000))
                transportConfig.channelDebuggingCallbacks.onAcceptTCPConnection = connections.accepted
            })
        let server = GRPCServer(transport: transport, services: [service, health])
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await server.serve() }
                let address = try await transport.listeningAddress
                let port = address.ipv4?.port ?? address.ipv6?.port
                logger.info(
                    "gRPC server started",
                    metadata: ["grpc.host": .string(grpc.host), "grpc.port": .stringConvertible(port ?? grpc.port)])
                await onListening(port ?? grpc.port)
            }
        } onGracefulShutdown: {
            server.beginGracefulShutdown()
        }
    }

    /// The transport's own limit on one message: headroom over `server.max_message_bytes`, so that the
    /// adapter sees a message somewhat over the limit and refuses it with RESOURCE_EXHAUSTED and a
    /// message saying why; a far larger one is reset by the transport without being read.
    static func transportPayloadLimit(maxMessageBytes: Int) -> Int {
        maxMessageBytes * 4 + 4_096
    }

    /// The address to bind for `host`: an IPv6 literal when it has a colon, else IPv4 (`localhost` is
    /// 127.0.0.1).
    static func socketAddress(host: String, port: Int) -> GRPCNIOTransportHTTP2.SocketAddress {
        if host.contains(":") { return .ipv6(host: host, port: port) }
        return .ipv4(host: host == "localhost" ? "127.0.0.1" : host, port: port)
    }
}
