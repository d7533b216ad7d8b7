import Audio2FaceTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What `audio2face serve` does before it serves: it refuses an address it cannot bind before loading
/// the engine, naming host and port, and raises its soft open-file limit to the hard limit.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ServeStartupTests {
    @Test("a second server on a busy port fails at once, names host and port, and never loads the engine")
    func busyPort() async throws {
        let first = try ServerProcess.start(arguments: ["--config", "configs/default.yaml", "--port", "0"])
        defer { first.stop() }
        let port = try await first.waitForPort()

        let second = try ServerProcess.start(arguments: ["--config", "configs/default.yaml", "--port", "\(port)"])
        defer { second.stop() }
        let status = try await second.waitForExit(timeout: .seconds(60))
        #expect(status != 0)
        #expect(second.output.contains("cannot listen on 127.0.0.1:\(port)"), "\(second.output)")
        #expect(second.output.contains("already in use"))
        #expect(!second.output.contains("engine ready"))
        #expect(!second.output.contains("listening"))
        #expect(first.process.isRunning)
    }

    @Test("a busy gRPC port stops start-up before the engine, naming grpc.port and --grpc-port")
    func busyGRPCPort() async throws {
        let first = try ServerProcess.startWithGRPC()
        defer { first.stop() }
        let grpcPort = try await first.waitForGRPCPort()

        let second = try ServerProcess.start(
            arguments: ["--config", "configs/default.yaml", "--port", "0", "--grpc-port", "\(grpcPort)"])
        defer { second.stop() }
        let status = try await second.waitForExit(timeout: .seconds(60))
        #expect(status != 0)
        #expect(second.output.contains("cannot listen on 127.0.0.1:\(grpcPort)"), "\(second.output)")
        #expect(second.output.contains("grpc.port or --grpc-port"))
        #expect(!second.output.contains("engine ready"))
    }

    /// The hard open-file limit of this process, which the server inherits.
    private static func hardDescriptorLimit() -> UInt64 {
        #if canImport(Glibc)
            var limit = rlimit()
            guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
            return UInt64(limit.rlim_max)
        #else
            return 0  // the test reads /proc, which only Linux has
        #endif
    }

    /// The soft and hard "Max open files" of process `pid`, from /proc.
    private static func descriptorLimits(of pid: Int32) throws -> (soft: String, hard: String) {
        let text = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Max open files") })
        let fields = line.dropFirst("Max open files".count).split(separator: " ")
        try #require(fields.count >= 2)
        return (String(fields[0]), String(fields[1]))
    }

    @Test(
        "a soft open-file limit of 256 is raised to the hard limit at start-up and logged",
        .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/limits") && hardDescriptorLimit() > 256))
    func descriptorLimitRaised() async throws {
        let server = try ServerProcess.start(
            arguments: ["--config", "configs/default.yaml", "--port", "0"], descriptorLimit: .soft(256))
        defer { server.stop() }
        _ = try await server.waitForPort()
        try await server.waitForLog("open file limit raised to the hard limit")
        let limits = try Self.descriptorLimits(of: server.process.processIdentifier)
        #expect(limits.soft == limits.hard)
        #expect(limits.soft != "256")
        #expect(server.output.contains("process.nofile_previous_soft=256"), "\(server.output)")
    }
}
