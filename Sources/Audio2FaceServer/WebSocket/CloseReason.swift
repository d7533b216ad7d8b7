import NIOWebSocket

/// A WebSocket close code with its reason text, trimmed to what a close frame can carry. Which reason
/// a stream gets is decided in ``WebSocketCloseTable``.
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

    /// The close code as its number (1008, 1011, …).
    public var numericCode: UInt16 { UInt16(webSocketErrorCode: code) }
}
