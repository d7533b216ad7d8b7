import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import HummingbirdTesting
import Logging
import NIOWebSocket
import Testing

/// Faults: clients that vanish at any point and clients that stop reading, while a well-behaved
/// stream runs next to them.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ReliabilityTests {
    private static func encoded(_ message: WireClientMessage) -> [UInt8] {
        WireCodec.encodeClientMessage(message)
    }

    /// One way for a client to vanish, as bytes sent before the socket is dropped.
    private static let disconnectPoints: [(name: String, bytes: @Sendable (RawWebSocket) -> Void)] = [
        ("right after the upgrade", { _ in }),
        ("after the start message", { $0.sendBinary(encoded(.start(StreamStart(requestID: "gone")))) }),
        (
            "mid-body",
            { socket in
                socket.sendBinary(encoded(.start(StreamStart(requestID: "gone"))))
                for _ in 0..<20 {
                    socket.sendBinary(encoded(.body(pcm: [UInt8](repeating: 7, count: 1_280), offsetName: "")))
                }
            }
        ),
        (
            "inside a frame",
            { socket in
                socket.sendBinary(encoded(.start(StreamStart(requestID: "gone"))))
                socket.sendAll([0x82, 0x80 | 126, 0x10, 0x00, 1, 2, 3, 4] + [UInt8](repeating: 9, count: 100))
            }
        ),
        (
            "waiting for the end reply",
            { socket in
                socket.sendBinary(encoded(.start(StreamStart(requestID: "gone"))))
                for _ in 0..<10 {
                    socket.sendBinary(encoded(.body(pcm: [UInt8](repeating: 7, count: 1_280), offsetName: "")))
                }
                socket.sendBinary(encoded(.end))
            }
        ),
    ]

    /// Memory after many vanished clients is machine-dependent and measured by `scripts/soak.sh` (RSS
    /// back within 5 % of its warm baseline after a storm of abrupt disconnects); here the exact counts.
    @Test("clients vanishing at every point free their streams; a concurrent stream completes")
    func disconnectAtEveryPoint() async throws {
        let parts = try ServerHarness.parts()
        let controls = ServiceControls(config: parts.config)
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(parts, controls: controls) { client in
            let port = try #require(client.port)
            async let good = ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            func vanishEverywhere(rounds: Int) async throws {
                for _ in 0..<rounds {
                    for point in Self.disconnectPoints {
                        try await BlockingIO.run {
                            let socket = try RawWebSocket(port: port, path: ServerHarness.path)
                            point.bytes(socket)
                            socket.drop()
                        }
                    }
                }
                try await ServerHarness.waitForNoActiveStreams(controls)
            }
            try await vanishEverywhere(rounds: 20)
            let goodOutcome = try await good
            #expect(goodOutcome.report?.messageKinds.last == "end")
            try await vanishEverywhere(rounds: 60)
            #expect(controls.admission.activeStreams == 0)
        }
    }

    @Test("a client that stops reading is closed after request_expire_seconds while another stream completes")
    func slowReader() async throws {
        var config = ServiceConfig()
        config.streaming.requestExpireSeconds = 1
        config.streaming.dtype = .float32
        // Input pacing would hold this flood long before its replies fill the socket buffers; the point
        // here is the client that does not read, so the server takes input as fast as it comes.
        config.limits.maxInputSpeedup = 1_000
        config.limits.inputBurstSeconds = 86_400
        // An engine that costs nothing, so the server's only limit is the replies it cannot deliver:
        // they fill the socket buffers (a few MB) within seconds.
        let parts = try ServerHarness.parts(config: config, engine: FrameIndexEngine())
        let controls = ServiceControls(config: parts.config)
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(parts, controls: controls) { client in
            let port = try #require(client.port)
            let socket = try await BlockingIO.run {
                try RawWebSocket(port: port, path: ServerHarness.path, receiveBufferBytes: 2_048)
            }
            // Audio until the server, unable to deliver its replies, stops taking more.
            let sent = try await BlockingIO.run {
                socket.sendBinary(Self.encoded(.start(StreamStart(requestID: "not-reading", responseChunkFrames: 100))))
                let body = Self.encoded(.body(pcm: [UInt8](repeating: 0x40, count: 16_000), offsetName: ""))
                var sent = 0
                while sent < 5_000, socket.sendBinary(body) {
                    sent += 1
                }
                return sent
            }
            #expect(sent < 5_000, "the server kept reading although its replies were not read")
            let good = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            #expect(good.report?.messageKinds.last == "end")
            try await ServerHarness.waitForNoActiveStreams(controls, timeout: .seconds(10))
            withExtendedLifetime(socket) {}
        }
    }

    /// An engine that takes `delay` per segment (a slow model on a busy machine).
    struct SlowEngine: FaceEngine {
        var delay: Duration
        var kind: String { "slow" }
        var channelNames: [String] { BlendshapeNames.arkit51 }
        var framesPerSecond: Double { 30 }
        var lookaheadSamples: Int { 0 }
        func warmUp() async throws {}
        func makeStream() -> any FaceEngineStream { Stream(delay: delay, inner: FrameIndexEngine().makeStream()) }

        struct Stream: FaceEngineStream {
            let delay: Duration
            var inner: any FaceEngineStream
            mutating func infer(_ segment: AudioSegment) async throws -> FaceClip {
                try await Task.sleep(for: delay)
                return try await inner.infer(segment)
            }
        }
    }

    @Test("inference longer than request_expire_seconds is work, not idleness: the stream completes")
    func longInferenceIsNotIdle() async throws {
        var config = ServiceConfig()
        config.streaming.requestExpireSeconds = 0.5
        let parts = try ServerHarness.parts(config: config, engine: SlowEngine(delay: .milliseconds(800)))
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(parts) { client in
            var options = StreamClient.Options()
            options.chunkBytes = 32_000
            let outcome = try await ServerHarness.stream(wav, options: options, client: client)
            #expect(outcome.report?.messageKinds.last == "end", "closed with \(String(describing: outcome.closeFrame))")
        }
    }
}
