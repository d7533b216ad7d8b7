import Audio2Face
import NIOWebSocket

/// The one place where a stream failure becomes a WebSocket close code and reason text.
public struct CloseReason: Sendable, Equatable {
    /// The close code sent to the client.
    public var code: WebSocketErrorCode
    /// Human-readable reason (truncated to fit a close frame's 123-byte limit).
    public var text: String

    /// Creates a close reason, trimming `text` to what a close frame can carry.
    public init(code: WebSocketErrorCode, text: String) {
        self.code = code
        var trimmed = text
        while trimmed.utf8.count > 123 { trimmed.removeLast() }
        self.text = trimmed
    }

    /// Maps a stream failure to its close code: client faults are 1008, server faults 1011.
    public init(_ error: StreamError) {
        switch error {
        case .protocolViolation, .unsupportedFormat, .idleTimeout, .clientNotReading, .limitExceeded:
            self.init(code: .policyViolation, text: error.description)
        case .inferenceFailed, .postprocessFailed:
            self.init(code: .unexpectedServerError, text: error.description)
        }
    }

    /// The close code as its number (1008, 1011, …).
    public var numericCode: UInt16 { UInt16(webSocketErrorCode: code) }
}
