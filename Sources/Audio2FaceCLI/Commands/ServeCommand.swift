import ArgumentParser
import Audio2Face
import Audio2FaceServer
import Hummingbird
import Logging

/// `audio2face serve`: runs the HTTP + WebSocket service, and NVIDIA's gRPC API beside it, until
/// interrupted.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the streaming service.")

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: "Interface to listen on, for both APIs (overrides server.host and grpc.host; 0.0.0.0 in containers).")
    var host: String?

    @Option(help: "Port to listen on (overrides server.port; 0 picks a free port).")
    var port: Int?

    @Option(help: "Port of NVIDIA's Audio2Face-3D gRPC API (overrides grpc.port; 0 picks a free port).")
    var grpcPort: Int?

    func run() async throws {
        var config = try configOptions.loadConfig()
        if let host {
            config.server.host = host
            config.grpc.host = host
        }
        if let port { config.server.port = port }
        if let grpcPort { config.grpc.port = grpcPort }
        do {
            try config.validate()
        } catch {
            throw ValidationError(error.description)
        }
        let logging: ServiceLogging
        do {
            logging = try ServiceLogging(config: config)
        } catch {
            throw ValidationError(error.description)
        }
        let logger = logging.logger(label: "audio2face")
        // A busy or foreign address stops start-up here, before the engine is loaded.
        try await ListenAddressCheck(host: config.server.host, port: config.server.port).verifyAvailable()
        if config.grpc.enabled {
            try await ListenAddressCheck(host: config.grpc.host, port: config.grpc.port, api: .grpc).verifyAvailable()
        }
        let parts = try configOptions.makeParts(config, logger: logger)
        let host = config.server.host
        let runningLogger = logger
        let grpcHost = config.grpc.host
        try await runService(
            parts: parts, logging: logging, logger: logger,
            onServerRunning: { port in
                runningLogger.notice(
                    "listening",
                    metadata: ["server.url": .string("ws://\(host):\(port)/api/v1/streaming_audio2face/ws")])
            },
            onGRPCListening: { port in
                runningLogger.notice("listening", metadata: ["grpc.address": .string("\(grpcHost):\(port)")])
            })
    }
}
