import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import Logging
import NIOWebSocket
import Testing

@testable import Audio2FaceCLI

#if canImport(FoundationNetworking)
    import FoundationNetworking
    import WSCore
#endif

/// Runs the real `audio2face serve` process and stops it with SIGTERM while streams are running.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ServeShutdownTests {
    @Test("SIGTERM during 3 realtime streams: /ready turns 503, new streams get 1001, the 3 complete, exit 0")
    func drainOnSigterm() async throws {
        let server = try ServerProcess.start(arguments: ["--config", "configs/default.yaml", "--port", "0"])
        defer { server.stop() }
        let port = try await server.waitForPort()
        let base = "127.0.0.1:\(port)"
        try await ServerProcess.waitForReady(base: base)

        let wav = try WAVFile(contentsOf: TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-short.wav"))
        let url = "ws://\(base)/api/v1/streaming_audio2face/ws"
        var options = StreamClient.Options()
        options.realtime = true
        let streams = (0..<3).map { index in
            var options = options
            options.requestID = "drain-\(index)"
            let client = StreamClient(options: options)
            return Task { try await client.stream(wav, to: url, logger: Logger(label: "test")) }
        }
        try await server.waitForLog("stream started", count: 3)
        #expect(kill(server.process.processIdentifier, SIGTERM) == 0)
        try await server.waitForLog("draining")

        let (readyStatus, readyBody) = try await ServerProcess.get("http://\(base)/ready")
        #expect(readyStatus == 503)
        #expect(readyBody == "DRAINING")
        let late = try await StreamClient(options: options).stream(wav, to: url, logger: Logger(label: "test"))
        #expect(late.closeFrame?.closeCode == .goingAway)

        #expect(wav.format.sampleRate == 16_000)
        let expectedFrames = FrameTimeline(framesPerSecond: 30, lookaheadSamples: 0)
            .totalFrameCount(forSampleCount: wav.pcmBytes.count / wav.format.bytesPerFrame)
        for stream in streams {
            let result = try await stream.value
            #expect(result.report?.messageKinds.last == "end")
            #expect(result.report?.frames?.frameCount == expectedFrames)
        }
        let status = try await server.waitForExit(timeout: .seconds(20))
        #expect(status == 0)
    }

    @Test("streams still running when the drain timeout passes are closed with 1001, then the process exits 0")
    func drainTimeout() async throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("drain-\(UUID().uuidString).yaml")
        try "server:\n  drain_timeout_seconds: 0.5\n".write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let server = try ServerProcess.start(arguments: ["--config", config.path, "--port", "0"])
        defer { server.stop() }
        let port = try await server.waitForPort()
        try await ServerProcess.waitForReady(base: "127.0.0.1:\(port)")

        let wav = try WAVFile(contentsOf: TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-short.wav"))
        var options = StreamClient.Options()
        options.realtime = true
        let client = StreamClient(options: options)
        let stream = Task {
            try await client.stream(
                wav, to: "ws://127.0.0.1:\(port)/api/v1/streaming_audio2face/ws", logger: Logger(label: "test"))
        }
        try await server.waitForLog("stream started")
        #expect(kill(server.process.processIdentifier, SIGTERM) == 0)
        let result = try await stream.value
        #expect(result.closeFrame?.closeCode == .goingAway)
        #expect(result.report?.messageKinds.last != "end")
        let status = try await server.waitForExit(timeout: .seconds(20))
        #expect(status == 0)
    }
}
