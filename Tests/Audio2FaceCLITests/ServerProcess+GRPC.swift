import Foundation
import Testing

extension ServerProcess {
    /// Starts `audio2face serve` with the default config, both APIs on free ports, and `extraArguments`.
    static func startWithGRPC(extraArguments: [String] = []) throws -> ServerProcess {
        try start(arguments: ["--config", "configs/default.yaml", "--port", "0", "--grpc-port", "0"] + extraArguments)
    }

    /// Waits for the gRPC "listening" log line and returns the port in its `grpc.address`.
    func waitForGRPCPort(timeout: Duration = .seconds(30)) async throws -> Int {
        try await waitForLog("grpc.address", timeout: timeout)
        let output = output
        let range = try #require(
            output.range(of: #"grpc\.address="?[^\s"]*:\d+"#, options: .regularExpression),
            "no gRPC address in: \(output)")
        return try #require(Int(output[range].split(separator: ":").last?.filter(\.isNumber) ?? ""))
    }

    /// Starts a server with both APIs and waits until it is ready; returns it with its ports.
    static func startReadyWithGRPC(extraArguments: [String] = []) async throws -> (
        server: ServerProcess, httpPort: Int, grpcPort: Int
    ) {
        let server = try startWithGRPC(extraArguments: extraArguments)
        do {
            let httpPort = try await server.waitForPort()
            let grpcPort = try await server.waitForGRPCPort()
            try await waitForReady(base: "127.0.0.1:\(httpPort)")
            return (server, httpPort, grpcPort)
        } catch {
            server.stop()
            throw error
        }
    }
}
