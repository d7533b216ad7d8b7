import Audio2FaceTestSupport
import Foundation
import Testing

/// The server's configured live outputs: a WebSocket stream opting in with `?output=NAME` has its frames
/// copied to the output's receiver, in the output's profile; unknown names and unresolvable hosts are
/// refused with the names a user needs.
@Suite(.serialized, .timeLimit(.minutes(3))) struct LiveOutputServerTests {
    /// Writes a config with `outputs` (YAML lines under `outputs:`) into a fresh folder; returns its path.
    static func writeConfig(outputs: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("live-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("outputs.yaml")
        try "outputs:\n\(outputs)\n".write(to: config, atomically: true, encoding: .utf8)
        return config
    }

    @Test("?output=NAME: every frame the client receives also reaches the output's receiver, in the output's profile")
    func streamOptsIn() async throws {
        let receiver = try LoopbackUDPReceiver()
        let config = try Self.writeConfig(
            outputs: "  avatar: {kind: vmc, host: 127.0.0.1, port: \(receiver.port), profile: mmd-default}")
        defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
        let server = try ServerProcess.start(arguments: ["--config", config.path, "--port", "0"])
        defer { server.stop() }
        let port = try await server.waitForPort()
        try await ServerProcess.waitForReady(base: "127.0.0.1:\(port)")
        let clip = config.deletingLastPathComponent().appendingPathComponent("clip.json")
        // Read datagrams while the stream runs, so the socket's receive buffer never overflows.
        receiver.readContinuously()
        defer { receiver.stopReading() }
        let run = try await CommandRun.run(
            [
                "stream", LiveOutputTests.speech.path, "--url",
                "ws://127.0.0.1:\(port)/api/v1/streaming_audio2face/ws?output=avatar", "-o", clip.path,
            ], in: config.deletingLastPathComponent())
        #expect(run.status == 0, "\(run.standardError)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let written = try decoder.decode(LiveOutputTests.WrittenClip.self, from: Data(contentsOf: clip))
        // The stream named no profile, so it ran with the output's: MMD morphs, not ARKit shapes.
        #expect(!written.blendshapeNames.contains("JawOpen"))
        #expect(written.blendshapeNames.count == 61)
        // The sender may still be pacing frames after the stream has ended; wait for them (at most 20 s).
        for _ in 0..<200 where receiver.collectedDatagrams.count < written.frames.count {
            try await Task.sleep(for: .milliseconds(100))
        }
        let received = receiver.collectedDatagrams
        let metrics = try await ServerProcess.get("http://127.0.0.1:\(port)/metrics").body
        #expect(
            received.count == written.frames.count,
            "\(metrics.split(separator: "\n").filter { $0.contains("output_frames_dropped") })")
        let firstName = Array(written.blendshapeNames[0].utf8)
        #expect(received.allSatisfy { $0.starts(with: Array("#bundle".utf8)) })
        #expect(received.first.map { $0.firstRange(of: firstName) != nil } == true)
    }

    #if canImport(Glibc)
        @Test("an unknown ?output=NAME is refused at the upgrade with the configured names")
        func unknownOutput() async throws {
            let receiver = try LoopbackUDPReceiver()
            let config = try Self.writeConfig(
                outputs: "  avatar: {kind: livelink, host: 127.0.0.1, port: \(receiver.port)}")
            defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
            let server = try ServerProcess.start(arguments: ["--config", config.path, "--port", "0"])
            defer { server.stop() }
            let port = try await server.waitForPort()
            try await ServerProcess.waitForReady(base: "127.0.0.1:\(port)")
            let socket = try #require(LoopbackSocket(from: "127.0.0.1", toPort: port))
            socket.send(
                "GET /api/v1/streaming_audio2face/ws?output=nope HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n")
            let answer = socket.readToEnd()
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            #expect(answer.contains("unknown output 'nope'; use one of: avatar"), "\(answer)")
        }
    #endif

    @Test("an output host that does not resolve stops serve naming outputs.NAME.host")
    func unresolvableHost() async throws {
        let config = try Self.writeConfig(outputs: "  studio: {kind: vmc, host: no-such-host.invalid}")
        defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
        let server = try ServerProcess.start(arguments: ["--config", config.path, "--port", "0"])
        defer { server.stop() }
        let status = try await server.waitForExit(timeout: .seconds(60))
        #expect(status != 0)
        #expect(server.output.contains("outputs.studio.host"), "\(server.output)")
        #expect(server.output.contains("no-such-host.invalid"))
    }
}
