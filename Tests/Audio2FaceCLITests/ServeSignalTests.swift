import Audio2FaceTestSupport
import Foundation
import Testing

/// Runs the real `audio2face serve` process and sends it the signals that must not stop it.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ServeSignalTests {
    @Test("SIGUSR1 and SIGUSR2 are logged and ignored; SIGHUP after logrotate's move starts a fresh log file")
    func signalsThatDoNotStop() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-signals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let logPath = folder.appendingPathComponent("audio2face.log").path
        let config = folder.appendingPathComponent("config.yaml")
        try "logging:\n  file:\n    enabled: true\n    path: \"\(logPath)\"\n".write(
            to: config, atomically: true, encoding: .utf8)
        let server = try ServerProcess.start(arguments: ["--config", config.path, "--port", "0"])
        defer { server.stop() }
        let port = try await server.waitForPort()
        let base = "127.0.0.1:\(port)"
        try await ServerProcess.waitForReady(base: base)
        let pid = server.process.processIdentifier

        for (count, (signal, name)) in [(SIGUSR1, "SIGUSR1"), (SIGUSR2, "SIGUSR2")].enumerated() {
            #expect(kill(pid, signal) == 0)
            try await server.waitForLog("signal ignored; only SIGTERM and SIGINT stop the service", count: count + 1)
            #expect(server.output.contains("signal=\(name)"))
            #expect(server.process.isRunning)
            #expect(try await ServerProcess.get("http://\(base)/health").status == 200)
        }

        let moved = logPath + ".rotated-by-logrotate"
        try FileManager.default.moveItem(atPath: logPath, toPath: moved)
        #expect(kill(pid, SIGHUP) == 0)
        try await server.waitForLog("log files reopened")
        #expect(server.process.isRunning)
        #expect(try await ServerProcess.get("http://\(base)/health").status == 200)
        let fresh = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(fresh.contains("log files reopened"))
        #expect(fresh.contains("listening"), "the start-up lines open the fresh file")
        let old = try String(contentsOfFile: moved, encoding: .utf8)
        #expect(old.contains("SIGUSR2"))
        #expect(!old.contains("log files reopened"))

        #expect(kill(pid, SIGTERM) == 0)
        #expect(try await server.waitForExit(timeout: .seconds(20)) == 0)
    }
}
