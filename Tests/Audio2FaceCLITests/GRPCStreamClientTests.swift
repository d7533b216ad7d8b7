import Audio2Face
import Audio2FaceClient
import Audio2FaceTestSupport
import Foundation
import NvidiaA2FProtocol
import Testing

@testable import Audio2FaceCLI

/// The CLI's gRPC client (`stream --grpc`, `bench load --grpc`) against the built server with both APIs.
@Suite(.serialized, .timeLimit(.minutes(3))) struct GRPCStreamClientTests {
    static let fixture = "Tests/Audio2FaceServerTests/Fixtures/speech-short.wav"

    static func expectedFrameCount(_ wav: WAVFile) -> Int {
        Int((wav.durationSeconds * 30 - 1e-9).rounded(.up))
    }

    @Test("the client's result: header names, ceil(seconds × 30) frames on k/30, the audio echoed, event then SUCCESS")
    func clientResult() async throws {
        let (server, _, grpcPort) = try await ServerProcess.startReadyWithGRPC()
        defer { server.stop() }
        let wav = try WAVFile(contentsOf: TestRepository.url(Self.fixture))
        var options = StreamClient.Options()
        options.requestID = "grpc-client-test"
        options.setChunk(milliseconds: 100, of: wav.format)
        let result = try await NvidiaStreamClient(options: options, apiKey: nil).stream(
            wav, to: try GRPCAddress(parsing: "127.0.0.1:\(grpcPort)"))

        #expect(result.callError == nil, "\(String(describing: result.callError))")
        #expect(result.violations.isEmpty, "\(result.violations)")
        #expect(result.completed)
        #expect(result.failure == nil)
        let report = result.report
        #expect(report.channelNames == NvidiaBlendShapeNames.all)
        let frames = try #require(report.frames)
        #expect(frames.frameCount == Self.expectedFrameCount(wav))
        #expect(frames.channelCount == 52)
        #expect(result.frameTimeCodes.count == frames.frameCount)
        for (index, timeCode) in result.frameTimeCodes.enumerated() {
            #expect(abs(timeCode - Double(index) / 30) < 1e-9, "frame \(index) at \(timeCode)")
        }
        #expect(result.echoedAudio == Data(wav.pcmBytes))
        #expect(result.echoedAudioTimeCodes == result.echoedAudioTimeCodes.sorted())
        let header = try #require(result.echoedAudioHeader)
        #expect(header.bitsPerSample == UInt32(wav.format.sampleWidth * 8))
        #expect(header.channelCount == UInt32(wav.format.channelCount))
        #expect(header.samplesPerSecond == UInt32(wav.format.sampleRate))
        #expect(result.emotionAggregateCount == result.animationDataCount)
        #expect(report.messageKinds.first == "header")
        #expect(Array(report.messageKinds.suffix(2)) == ["event", "status"])
        #expect(result.statuses.last?.code == .success)
        #expect(result.endEventReceived)

        // Timings: one send time per 100 ms chunk, frames arrive after the first byte, the end after the
        // end_of_audio went out.
        let chunkBytes = options.chunkBytes
        #expect(report.chunkSendTimes.count == (wav.pcmBytes.count + chunkBytes - 1) / chunkBytes)
        #expect(report.frameArrivalSeconds.count == frames.frameCount)
        #expect(report.frameArrivalSeconds == report.frameArrivalSeconds.sorted())
        let endSent = try #require(report.endSentSeconds)
        let endReceived = try #require(report.endReceivedSeconds)
        #expect(endReceived >= endSent)
        #expect(report.bodyFrameCounts.reduce(0, +) == frames.frameCount)
    }

    @Test("`stream --grpc` prints the WebSocket report's lines and the echo; --output writes the frames")
    func streamCommand() async throws {
        let (server, _, grpcPort) = try await ServerProcess.startReadyWithGRPC()
        defer { server.stop() }
        let wav = try WAVFile(contentsOf: TestRepository.url(Self.fixture))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpc-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("frames.csv").path

        let run = try await CommandRun.run(
            ["stream", TestRepository.url(Self.fixture).path, "--grpc", "127.0.0.1:\(grpcPort)", "-o", csv],
            in: TestRepository.root)
        #expect(run.status == 0, "\(run.standardError)")
        let frames = Self.expectedFrameCount(wav)
        #expect(
            run.standardOutput.contains(
                "frames received: \(frames) for \(String(format: "%.3f", wav.durationSeconds)) s of audio"),
            "\(run.standardOutput)")
        #expect(run.standardOutput.contains("first-frame latency: "))
        #expect(run.standardOutput.contains("ms after the end message"))
        #expect(
            run.standardOutput.contains(
                "echoed audio: \(wav.pcmBytes.count) of \(wav.pcmBytes.count) bytes, identical to the input"))
        let written = try String(contentsOfFile: csv, encoding: .utf8)
        let lines = written.split(whereSeparator: \.isNewline)
        #expect(lines.count == frames + 1)
        #expect(lines.first?.contains("JawOpen") == true)
    }

    @Test("with auth on: `--api-key` streams, no key or a wrong one fails with UNAUTHENTICATED")
    func apiKey() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpc-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = "grpc-cli-key-8d41c7"
        try "\(key)\n".write(to: folder.appendingPathComponent("keys.txt"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("auth.yaml")
        try "auth:\n  enabled: true\n  keys_file: keys.txt\n".write(to: config, atomically: true, encoding: .utf8)
        let server = try ServerProcess.start(arguments: ["--config", config.path, "--port", "0", "--grpc-port", "0"])
        defer { server.stop() }
        let httpPort = try await server.waitForPort()
        let grpcPort = try await server.waitForGRPCPort()
        try await ServerProcess.waitForReady(base: "127.0.0.1:\(httpPort)")
        let input = TestRepository.url(Self.fixture).path
        let address = "127.0.0.1:\(grpcPort)"

        let withKey = try await CommandRun.run(
            ["stream", input, "--grpc", address, "--api-key", key], in: TestRepository.root)
        #expect(withKey.status == 0, "\(withKey.standardError)")
        #expect(withKey.standardOutput.contains("frames received: "))

        for arguments in [
            ["stream", input, "--grpc", address], ["stream", input, "--grpc", address, "--api-key", "x"],
        ] {
            let refused = try await CommandRun.run(arguments, in: TestRepository.root)
            #expect(refused.status != 0)
            #expect(refused.standardError.contains("error: gRPC unauthenticated"), "\(refused.standardError)")
            #expect(refused.standardError.contains("authorization: Bearer"))
            #expect(!refused.standardOutput.contains("frames received"))
        }
    }

    @Test("one burst stream of `bench load --grpc`'s generator: counted, frame count right, no errors")
    func loadGenerator() async throws {
        let (server, _, grpcPort) = try await ServerProcess.startReadyWithGRPC()
        defer { server.stop() }
        let wav = try WAVFile(contentsOf: TestRepository.url(Self.fixture))
        let target = StreamTarget.nvidiaGRPC(try GRPCAddress(parsing: "127.0.0.1:\(grpcPort)"))
        let generator = LoadGenerator(
            recordings: [wav], realtime: false, framesPerSecond: 30,
            serverProbe: ProcessProbe(pid: server.process.processIdentifier)
        ) { wav, id in await target.stream(wav, settings: StreamSettings(requestID: id)) }
        let result = await generator.runLevel(users: 2, seconds: 0.001)
        #expect(result.completedStreams == 2)
        #expect(result.errors == 0, "\(result.errorReasons)")
        #expect(result.frameCountMismatches == 0)
        #expect(abs(result.audioSeconds - 2 * wav.durationSeconds) < 1e-9)
        #expect(result.firstFrameP50 != nil)
        #expect((result.speedMedian ?? 0) > 0)
        #expect((result.serverPeakRSSBytes ?? 0) > 0)
    }

    @Test("`bench load --grpc` runs a level and prints its row")
    func benchLoadCommand() async throws {
        let (server, _, grpcPort) = try await ServerProcess.startReadyWithGRPC()
        defer { server.stop() }
        let run = try await CommandRun.run(
            [
                "bench", "load", "--grpc", "127.0.0.1:\(grpcPort)", "--audio", TestRepository.url(Self.fixture).path,
                "--users", "1", "--step-seconds", "0.001",
            ], in: TestRepository.root)
        #expect(run.status == 0, "\(run.standardError)")
        let row = try #require(run.standardOutput.split(whereSeparator: \.isNewline).dropFirst().first)
        let columns = row.split(separator: " ", omittingEmptySubsequences: true)
        #expect(columns.prefix(4) == ["1", "burst", "1", "0"], "\(run.standardOutput)")
    }

    @Test("bad --grpc values and options NVIDIA's API cannot carry are refused, naming the option")
    func refusedArguments() async throws {
        let input = TestRepository.url(Self.fixture).path
        let cases: [([String], String)] = [
            (["stream", input, "--grpc", "localhost"], "--grpc 'localhost' is not HOST:PORT"),
            (["stream", input, "--grpc", "127.0.0.1:0"], "--grpc '127.0.0.1:0' is not HOST:PORT"),
            (
                ["stream", input, "--grpc", "127.0.0.1:52000", "--profile", "arkit-default"],
                "--profile cannot be sent over gRPC"
            ),
            (
                ["stream", input, "--grpc", "127.0.0.1:52000", "--offset", "happiness_2"],
                "--offset cannot be sent over gRPC"
            ),
            (["stream", input, "--api-key", "k"], "--api-key is sent as gRPC metadata, with --grpc only"),
            (["bench", "load", "--audio", input, "--grpc", "[::1]52000"], "--grpc '[::1]52000' is not HOST:PORT"),
        ]
        for (arguments, message) in cases {
            let run = try await CommandRun.run(arguments, in: TestRepository.root)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.standardError.contains(message), "\(arguments): \(run.standardError)")
        }
    }

    @Test("HOST:PORT parsing: IPv4, names, bracketed IPv6")
    func addressParsing() throws {
        #expect(try GRPCAddress(parsing: "127.0.0.1:52000") == GRPCAddress(host: "127.0.0.1", port: 52_000))
        #expect(try GRPCAddress(parsing: "a2f.local:1") == GRPCAddress(host: "a2f.local", port: 1))
        #expect(try GRPCAddress(parsing: "[::1]:52000") == GRPCAddress(host: "::1", port: 52_000))
        #expect(try GRPCAddress(parsing: "[::1]:52000").description == "[::1]:52000")
        for bad in ["", ":52000", "host:", "host:65536", "::1:52000", "host:port"] {
            #expect(throws: GRPCAddressError.self) { try GRPCAddress(parsing: bad) }
        }
    }
}
