import Audio2Face
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging

/// Everything a running service is built from.
public struct ServiceParts: Sendable {
    /// The validated configuration.
    public var config: ServiceConfig
    /// The engine, postprocessing and streaming settings shared by all streams.
    public var environment: StreamEnvironment

    /// Builds the engine and the postprocessing library from `config`; relative paths in it resolve
    /// against `baseDirectory`.
    public init(config: ServiceConfig, baseDirectory: URL, logger: Logger) throws {
        let engine = try EngineFactory.makeEngine(config: config, baseDirectory: baseDirectory)
        let library = try PostprocessLibrary(config: config.postprocess, baseDirectory: baseDirectory)
        self.config = config
        self.environment = try StreamEnvironment(engine: engine, streaming: config.streaming, postprocess: library)
    }
}

/// Builds the HTTP + WebSocket application: health, readiness, docs and the streaming endpoint.
/// `serve` and the tests share this function.
public func buildApplication(
    parts: ServiceParts, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let readiness = Readiness()
    let config = parts.config
    let router = Router()
    HealthRoutes(readiness: readiness).register(on: router)
    DocsRoutes(channelCount: parts.environment.engine.channelNames.count, profileNames: parts.environment.postprocess.profileNames)
        .register(on: router)

    let controller = StreamingController(
        environment: parts.environment, readiness: readiness, maxMessageBytes: config.server.maxMessageBytes)
    let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
    webSocketRouter.ws(RouterPath(StreamingController.path)) { inbound, outbound, context in
        await controller.serve(inbound: inbound, outbound: outbound, logger: context.logger)
    }

    return Application(
        router: router,
        server: .http1WebSocketUpgrade(
            webSocketRouter: webSocketRouter,
            configuration: .init(ws: .init(maxFrameSize: config.server.maxMessageBytes))),
        configuration: .init(
            address: .hostname(config.server.host, port: config.server.port),
            serverName: "audio2face"),
        services: [WarmUpService(engine: parts.environment.engine, readiness: readiness, logger: logger)],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? config.server.port) },
        logger: logger)
}
