import Audio2Face
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Everything a running service is built from.
public struct ServiceParts: Sendable {
    /// The validated configuration.
    public var config: ServiceConfig
    /// The engine, postprocessing and streaming settings shared by all streams.
    public var environment: StreamEnvironment
    /// The accepted API keys when `auth.enabled`; nil when the service is open.
    public var apiKeys: APIKeyStore?
    /// Our emotion presets under NVIDIA's emotion names, for the gRPC API.
    var nvidiaEmotionPresets: NvidiaEmotionPresets
    /// The configured live outputs a WebSocket stream opts in to with `?output=NAME`.
    public var liveOutputs: LiveOutputRoutes

    /// Builds the engine and the postprocessing library from `config`; relative paths in it resolve
    /// against `baseDirectory`.
    public init(config: ServiceConfig, baseDirectory: URL, logger: Logger) throws {
        let engine = try EngineFactory.makeEngine(config: config, baseDirectory: baseDirectory)
        if let unitalker = engine as? UnitalkerEngine {
            Self.logLoaded(
                unitalker, requestedProvider: config.engine.unitalker.executionProvider.rawValue, logger: logger)
        }
        let library = try PostprocessLibrary(
            config: config.postprocess, defaultProfile: config.streaming.defaultProfile, baseDirectory: baseDirectory)
        self.config = config
        self.environment = try StreamEnvironment(
            engine: engine, streaming: config.streaming, postprocess: library, limits: config.limits)
        self.apiKeys = config.auth.enabled ? try APIKeyStore(config: config.auth, baseDirectory: baseDirectory) : nil
        if config.grpc.enabled {
            try GRPCProfileCheck.validate(
                profile: config.grpc.profile, library: library, engineChannelNames: engine.channelNames)
        }
        self.nvidiaEmotionPresets = try NvidiaEmotionPresets(config: config, baseDirectory: baseDirectory)
        self.liveOutputs = try LiveOutputRoutes(outputs: config.outputs)
    }

    /// Says which model, runtime, provider and thread plan serve the streams, and warns when the
    /// configured provider could not be enabled and `allow_cpu_fallback` put the model on the CPU.
    private static func logLoaded(_ engine: UnitalkerEngine, requestedProvider: String, logger: Logger) {
        logger.info(
            "UniTalker model loaded",
            metadata: [
                "engine.model": .string(engine.modelURL.path),
                "engine.runtime": .string(engine.runtimeDescription),
                "engine.provider": .string(engine.activeExecutionProvider),
                "engine.intra_op_threads": .stringConvertible(engine.intraOpThreads),
                "engine.parallel_runs": .stringConvertible(engine.parallelRuns),
            ])
        if let reason = engine.fallbackReason {
            logger.warning(
                "execution provider unavailable; running on the CPU because allow_cpu_fallback is true",
                metadata: ["engine.requested_provider": .string(requestedProvider), "engine.reason": .string(reason)])
        }
    }
}

/// Builds the HTTP + WebSocket application: health, readiness, metrics, docs, the log endpoints (served
/// from `logging`'s file log) and the streaming endpoint. `serve` and the tests share this function.
public func buildApplication(
    parts: ServiceParts, controls: ServiceControls? = nil, logging: ServiceLogging? = nil, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let config = parts.config
    let controls = controls ?? ServiceControls(config: config)
    let router = buildServiceRouter(parts: parts, controls: controls, logging: logging)

    let controller = StreamingController(
        environment: parts.environment, controls: controls, maxMessageBytes: config.server.maxMessageBytes)
    let refusals = UpgradeRefusals()
    let upgrade = StreamingUpgrade(
        controller: controller,
        origins: OriginPolicyMiddleware(allowedOrigins: Set(config.auth.corsAllowedOrigins)),
        apiKeys: parts.apiKeys.map { APIKeyMiddleware(keys: $0, allowQueryToken: config.auth.allowQueryToken) },
        refusals: refusals, metrics: controls.metrics, liveOutputs: parts.liveOutputs)

    return Application(
        router: router,
        server: HTTPServerBuilder { responder in
            GuardedHTTPChannel(
                upgradeChannel: HTTP1WebSocketUpgradeChannel(
                    responder: responder,
                    configuration: .init(
                        http1: .init(
                            additionalChannelHandlers: [UpgradeRefusalWriter(refusals: refusals)],
                            idleTimeout: .nanoseconds(Int64(config.server.idleTimeoutSeconds * 1e9))),
                        // No automatic ping: a client whose reads input pacing holds back cannot answer one
                        // in time and would be cut; the stream's own idle watchdog finds dead clients.
                        ws: .init(maxFrameSize: config.server.maxMessageBytes, autoPing: .disabled)),
                    shouldUpgrade: { head, channel, logger in upgrade.decide(head, channel: channel, logger: logger) }),
                budget: controls.connections,
                headerReadTimeout: .nanoseconds(Int64(config.server.headerReadTimeoutSeconds * 1e9)),
                metrics: controls.metrics, maxFrameBytes: config.server.maxMessageBytes)
        },
        configuration: .init(
            address: .hostname(config.server.host, port: config.server.port),
            serverName: "audio2face",
            availableConnectionsDelegate: AcceptGate(budget: controls.descriptors, logger: logger)),
        services: [WarmUpService(engine: parts.environment.engine, readiness: controls.readiness, logger: logger)],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? config.server.port) },
        logger: logger)
}

/// Runs the service (and, with `grpc.enabled`, the gRPC API beside it: ``GRPCEndpoint``) until SIGTERM or
/// SIGINT, then drains it (see ``DrainService``) and returns, so the process exits 0 after a clean
/// shutdown. SIGHUP reopens the log files; SIGUSR1 and SIGUSR2 are
/// logged and ignored (see ``OperatorSignalService``). `logging`'s services (the CloudWatch shipper)
/// run first in the group, so they stop last and send the drain's log lines too.
public func runService(
    parts: ServiceParts, logging: ServiceLogging, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
    onGRPCListening: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws {
    MallocArenaLimit.current().log(to: logger)
    DescriptorLimit.raiseSoftLimitToHard().log(to: logger)
    try DescriptorBudget.measured().requireRoomForConnections()
    let controls = ServiceControls(config: parts.config, logging: logging, logger: logger)
    let app = buildApplication(
        parts: parts, controls: controls, logging: logging, logger: logger,
        onServerRunning: { port in
            await onServerRunning(port)
            logging.endStartup()
        })
    let drain = DrainService(
        controls: controls, drainTimeout: .milliseconds(Int64(parts.config.server.drainTimeoutSeconds * 1_000)),
        logger: logger)
    // Trapped before the server listens, so that SIGHUP, SIGUSR1 and SIGUSR2 never end the process.
    let operatorSignals = OperatorSignalService(
        signals: await UnixSignalsSequence(trapping: OperatorSignalService.handledSignals),
        reopenLogFiles: { logging.reopenFiles() }, logger: logger)
    let grpc: [ServiceGroupConfiguration.ServiceConfiguration] =
        parts.config.grpc.enabled
        ? [.init(service: GRPCEndpoint(parts: parts, controls: controls, logger: logger, onListening: onGRPCListening))]
        : []
    // The group shuts services down in reverse order: the drain first, the gRPC and HTTP servers after it.
    let group = ServiceGroup(
        configuration: .init(
            services: logging.services.map { .init(service: $0) }
                + [
                    .init(service: operatorSignals),
                    .init(service: MemoryTrimService(policy: MemoryTrimPolicy(), logger: logger)),
                    .init(service: app),
                ] + grpc + [.init(service: drain)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
    try await group.run()
}
