import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import NIOCore
import NIOWebSocket
import Synchronization
import Testing

/// Messages that cost more than they carry: floods of tiny or empty fragments are refused with 1009 and
/// a reason naming the limit, while an ordinary fragmented message still streams.
@Suite(.serialized, .timeLimit(.minutes(2))) struct MessageBudgetTests {
    private static func encoded(_ message: WireClientMessage) -> ByteBuffer {
        ByteBuffer(bytes: WireCodec.encodeClientMessage(message))
    }

    private static func frame(_ opcode: WebSocketOpcode, fin: Bool, _ bytes: [UInt8])
        -> WebSocketOutboundWriter
        .OutboundFrame
    {
        .custom(WebSocketFrame(fin: fin, opcode: opcode, data: ByteBuffer(bytes: bytes)))
    }

    /// Starts a stream, sends `frames` (ignoring writes the closed connection refuses), and returns the
    /// server's close frame.
    private static func closeAfterStart(
        sending frames: [WebSocketOutboundWriter.OutboundFrame], client: any TestClientProtocol
    ) async throws -> WebSocketCloseFrame? {
        try await client.ws(ServerHarness.path) { inbound, outbound, _ in
            try await outbound.write(.binary(encoded(.start(StreamStart(requestID: "fragments")))))
            for frame in frames {
                do { try await outbound.write(frame) } catch { break }
            }
            for try await _ in inbound.messages(maxSize: 1 << 20) {}
        }
    }

    /// A body message of `pcmBytes` bytes of silence cut into fragments of `fragmentBytes` bytes.
    private static func fragmentedBody(pcmBytes: Int, fragmentBytes: Int) -> [WebSocketOutboundWriter.OutboundFrame] {
        let body = WireCodec.encodeClientMessage(.body(pcm: [UInt8](repeating: 0, count: pcmBytes), offsetName: ""))
        return stride(from: 0, to: body.count, by: fragmentBytes).map { offset in
            let end = min(offset + fragmentBytes, body.count)
            return frame(offset == 0 ? .binary : .continuation, fin: end == body.count, Array(body[offset..<end]))
        }
    }

    @Test("1-byte fragments are charged their headers: a message of far fewer payload bytes is refused with 1009")
    func tinyFragmentsCountTheirHeaders() async throws {
        var config = ServiceConfig()
        config.server.maxMessageBytes = 4_096
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            // About 1,000 bytes of payload (a quarter of the limit) in 1-byte frames of 7 bytes each.
            let close = try await Self.closeAfterStart(
                sending: Self.fragmentedBody(pcmBytes: 990, fragmentBytes: 1), client: client)
            #expect(close?.closeCode == .messageTooLarge)
            #expect(close?.reason?.contains("max_message_bytes") == true, "reason: \(close?.reason ?? "")")
        }
    }

    @Test("a message in more than the allowed number of fragments is refused with 1009 naming the limit")
    func tooManyFragments() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let close = try await Self.closeAfterStart(
                sending: Self.fragmentedBody(pcmBytes: 4_000, fragmentBytes: 2), client: client)
            #expect(close?.closeCode == .messageTooLarge)
            #expect(close?.reason?.contains("fragments") == true, "reason: \(close?.reason ?? "")")
        }
    }

    @Test("a stream of empty continuation frames is refused with 1009 naming empty fragments")
    func emptyContinuationFlood() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let flood =
                [Self.frame(.binary, fin: false, [0x0A])]
                + Array(repeating: Self.frame(.continuation, fin: false, []), count: 10_000)
            let close = try await Self.closeAfterStart(sending: flood, client: client)
            #expect(close?.closeCode == .messageTooLarge)
            #expect(close?.reason?.contains("empty fragments") == true, "reason: \(close?.reason ?? "")")
        }
    }

    @Test("a fragmented message within the budget (with a closing empty fragment) streams to the end")
    func fragmentedMessageWithinBudget() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let received = Mutex(0)
            let close = try await client.ws(ServerHarness.path) { inbound, outbound, _ in
                try await outbound.write(.binary(Self.encoded(.start(StreamStart(requestID: "fragmented")))))
                let body = WireCodec.encodeClientMessage(.body(pcm: wav.pcmBytes, offsetName: ""))
                try await outbound.withBinaryMessageWriter { writer in
                    for offset in stride(from: 0, to: body.count, by: 10_000) {
                        try await writer(ByteBuffer(bytes: body[offset..<min(offset + 10_000, body.count)]))
                    }
                    try await writer(ByteBuffer())
                }
                try await outbound.write(.binary(Self.encoded(.end)))
                for try await _ in inbound.messages(maxSize: 4 << 20) { received.withLock { $0 += 1 } }
            }
            // A completed stream ends normally after its start, bodies and end; a refused one with 1009.
            #expect(close == nil || close?.closeCode == .normalClosure)
            #expect(received.withLock { $0 } >= 3)
        }
    }
}
