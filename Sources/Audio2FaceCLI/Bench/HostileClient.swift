import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Logging
import NIOCore
import NIOWebSocket
import WSClient

/// Clients that misbehave on purpose, for soak runs: each behaviour connects, does one bad thing and
/// knows which close code a correct server answers with (nil when the client itself vanishes).
enum HostileBehaviour: String, CaseIterable, Sendable {
    case garbageBytes = "garbage-bytes"
    case textFrame = "text-frame"
    case oversizedMessage = "oversized-message"
    case unsupportedFormat = "unsupported-format"
    case bodyBeforeStart = "body-before-start"
    case secondStart = "second-start"
    case vanishAfterStart = "vanish-after-start"
    case vanishMidStream = "vanish-mid-stream"

    /// The close code a correct server sends; nil when the client leaves before any answer.
    var expectedCloseCode: WebSocketErrorCode? {
        switch self {
        case .garbageBytes, .textFrame, .unsupportedFormat, .bodyBeforeStart, .secondStart: .policyViolation
        case .oversizedMessage: .messageTooLarge
        case .vanishAfterStart, .vanishMidStream: nil
        }
    }

    /// Runs the behaviour once against `url`; returns the close code received (nil if none).
    func run(url: String, maxMessageBytes: Int) async throws -> WebSocketErrorCode? {
        let start = WireCodec.encodeClientMessage(.start(StreamStart(requestID: "hostile-\(rawValue)")))
        let body = WireCodec.encodeClientMessage(.body(pcm: [UInt8](repeating: 0x11, count: 1_280), offsetName: ""))
        @Sendable func binary(_ bytes: [UInt8]) -> WebSocketOutboundWriter.OutboundFrame {
            .binary(ByteBuffer(bytes: bytes))
        }
        let close = try await WebSocketClient.connect(
            url: url, configuration: .init(maxFrameSize: max(maxMessageBytes * 2, 1 << 16)),
            logger: Logger(label: "hostile")
        ) { inbound, outbound, _ in
            switch self {
            case .garbageBytes: try await outbound.write(binary([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]))
            case .textFrame: try await outbound.write(.text("hello"))
            case .oversizedMessage:
                try await outbound.write(binary(start))
                try await outbound.write(binary([UInt8](repeating: 0, count: maxMessageBytes + 1)))
            case .unsupportedFormat:
                try await outbound.write(
                    binary(WireCodec.encodeClientMessage(.start(StreamStart(requestID: "bad", sampleWidth: 3)))))
            case .bodyBeforeStart: try await outbound.write(binary(body))
            case .secondStart:
                try await outbound.write(binary(start))
                try await outbound.write(binary(start))
            case .vanishAfterStart:
                try await outbound.write(binary(start))
                return
            case .vanishMidStream:
                try await outbound.write(binary(start))
                for _ in 0..<25 { try await outbound.write(binary(body)) }
                return
            }
            for try await _ in inbound.messages(maxSize: 1 << 20) {}
        }
        return close?.closeCode
    }
}
