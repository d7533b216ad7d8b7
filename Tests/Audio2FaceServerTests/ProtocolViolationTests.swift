import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import NIOCore
import NIOWebSocket
import Testing

@Suite(.serialized, .timeLimit(.minutes(2))) struct ProtocolViolationTests {
    private static func binary(_ message: WireClientMessage) -> WebSocketOutboundWriter.OutboundFrame {
        .binary(ByteBuffer(bytes: WireCodec.encodeClientMessage(message)))
    }

    /// Bad inputs and the close code and reason fragment each must produce.
    static let cases:
        [(name: String, frames: [WebSocketOutboundWriter.OutboundFrame], code: WebSocketErrorCode, reason: String)] = [
            ("body before start", [binary(.body(pcm: [0, 0], offsetName: ""))], .policyViolation, "first message"),
            (
                "unknown class_name",
                [
                    binary(.start(StreamStart(requestID: "x"))),
                    .binary(
                        ByteBuffer(
                            bytes: {
                                var bytes = WireCodec.encodeClientMessage(.end)
                                // Field 1 (class_name) is first; change its last character: "...ChunkEnd" → "...ChunkEnx".
                                let index = bytes.lastIndex(of: UInt8(ascii: "d"))!
                                bytes[index] = UInt8(ascii: "x")
                                return bytes
                            }())),
                ], .policyViolation, "unknown class_name"
            ),
            (
                "garbage bytes", [.binary(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]))], .policyViolation,
                "protobuf"
            ),
            ("text frame", [.text("hello")], .policyViolation, "text frames"),
            (
                "unsupported sample width", [binary(.start(StreamStart(requestID: "x", sampleWidth: 3)))],
                .policyViolation, "sample_width 3"
            ),
            (
                "unsupported sample rate", [binary(.start(StreamStart(requestID: "x", sampleRate: 96_000)))],
                .policyViolation, "sample_rate 96000"
            ),
            (
                "too many channels", [binary(.start(StreamStart(requestID: "x", channelCount: 9)))], .policyViolation,
                "n_channels 9"
            ),
            (
                "second start",
                [binary(.start(StreamStart(requestID: "x"))), binary(.start(StreamStart(requestID: "x")))],
                .policyViolation, "twice"
            ),
            ("end without start", [binary(.end)], .policyViolation, "first message"),
            (
                "huge request_id", [binary(.start(StreamStart(requestID: String(repeating: "r", count: 100_000))))],
                .policyViolation, "request_id"
            ),
            (
                "negative sample rate", [binary(.start(StreamStart(requestID: "x", sampleRate: -16_000)))],
                .policyViolation, "sample_rate -16000"
            ),
            (
                "absurd sample rate", [binary(.start(StreamStart(requestID: "x", sampleRate: 2_000_000_000)))],
                .policyViolation, "sample_rate 2000000000"
            ),
            (
                "sample width 0", [binary(.start(StreamStart(requestID: "x", sampleWidth: 0)))], .policyViolation,
                "sample_width 0"
            ),
            (
                "sample width 5", [binary(.start(StreamStart(requestID: "x", sampleWidth: 5)))], .policyViolation,
                "sample_width 5"
            ),
            (
                "no channels", [binary(.start(StreamStart(requestID: "x", channelCount: 0)))], .policyViolation,
                "n_channels 0"
            ),
            (
                "negative response_chunk_n_frames",
                [binary(.start(StreamStart(requestID: "x", responseChunkFrames: -1)))], .policyViolation,
                "response_chunk_n_frames -1"
            ),
            (
                "huge response_chunk_n_frames",
                [binary(.start(StreamStart(requestID: "x", responseChunkFrames: 1_000_000)))], .policyViolation,
                "response_chunk_n_frames 1000000"
            ),
            // Field 1 (class_name, length-delimited) whose length varint stops mid-way.
            ("truncated varint", [.binary(ByteBuffer(bytes: [0x0A, 0xFF]))], .policyViolation, "protobuf"),
            // A varint field of eleven continuation bytes (more than 64 bits).
            (
                "over-long varint", [.binary(ByteBuffer(bytes: [0x18] + [UInt8](repeating: 0xFF, count: 10) + [0x01]))],
                .policyViolation, "protobuf"
            ),
            ("empty message", [.binary(ByteBuffer())], .policyViolation, "class_name"),
        ]

    @Test(
        "each violation gets its close code and reason while a concurrent stream completes",
        arguments: 0..<cases.count)
    func violation(index: Int) async throws {
        let badCase = Self.cases[index]
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var options = StreamClient.Options()
                    options.realtime = false
                    let outcome = try await ServerHarness.stream(wav, options: options, client: client)
                    let frames = try #require(outcome.report?.frames)
                    #expect(abs(frames.frameCount - Int((wav.durationSeconds * 30).rounded())) <= 1)
                    #expect(outcome.report?.messageKinds.last == "end")
                }
                group.addTask {
                    let (_, close) = try await ServerHarness.sendRaw(badCase.frames, client: client)
                    let frame = try #require(close, "\(badCase.name): no close frame")
                    #expect(frame.closeCode == badCase.code, "\(badCase.name)")
                    #expect(
                        frame.reason?.contains(badCase.reason) == true,
                        "\(badCase.name): reason '\(frame.reason ?? "")'")
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("an engine failure closes only that stream with 1011")
    func inferenceFailure() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts(engine: FailingEngine())) { client in
            let outcome = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            #expect(outcome.closeFrame?.closeCode == .unexpectedServerError)
            #expect(outcome.closeFrame?.reason?.contains("inference failed") == true)
        }
    }

    @Test("a silent client is closed after request_expire_seconds with 1008")
    func idleTimeout() async throws {
        var config = ServiceConfig()
        config.streaming.requestExpireSeconds = 0.3
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            let (received, close) = try await ServerHarness.sendRaw(
                [.binary(ByteBuffer(bytes: WireCodec.encodeClientMessage(.start(StreamStart(requestID: "idle")))))],
                client: client)
            #expect(received == 1)  // the start response
            #expect(close?.closeCode == .policyViolation)
            #expect(close?.reason?.contains("idle") == true)
        }
    }

    @Test(
        "messages without audio are not activity: empty bodies every 0.1 s cannot hold a stream past request_expire_seconds"
    )
    func emptyBodiesAreIdle() async throws {
        var config = ServiceConfig()
        config.streaming.requestExpireSeconds = 0.5
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            let close = try await client.ws(ServerHarness.path, configuration: .init(maxFrameSize: 4 << 20)) {
                inbound, outbound, _ in
                try await outbound.write(Self.binary(.start(StreamStart(requestID: "empty-bodies"))))
                let sender = Task {
                    // Far longer than the limit: only the idle rule can end the stream while this runs.
                    for _ in 0..<300 {
                        try await outbound.write(Self.binary(.body(pcm: [], offsetName: "")))
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    return true
                }
                for try await _ in inbound.messages(maxSize: 4 << 20) {}
                sender.cancel()
                let senderFinished = (try? await sender.value) ?? false
                #expect(!senderFinished, "the stream outlived 300 empty bodies")
            }
            #expect(close?.closeCode == .policyViolation)
            #expect(close?.reason?.contains("idle") == true)
        }
    }
}
