import Foundation
import NIOHTTP1

/// RFC 6455 §4.2.1's rules for a client's opening handshake. A request whose `Upgrade` header asks for
/// `websocket` must be a GET over HTTP/1.1 or later without a body, with `Connection: Upgrade`, a `Host`,
/// `Sec-WebSocket-Version: 13` and a `Sec-WebSocket-Key` that is 16 bytes in base64; one that breaks a rule
/// is answered with the status the RFC names (405, 400, or 426 with the version the server speaks), never
/// with a 101 or a silent close.
enum WebSocketHandshakeRules {
    /// The answer to a refused handshake: status, extra header fields and a one-line reason.
    struct Refusal: Equatable, Sendable {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders = [:]
        var message: String
    }

    /// The one WebSocket protocol version the server speaks.
    static let supportedVersion = "13"

    /// Whether `head` asks to switch to WebSocket: its `Upgrade` header lists `websocket` (any case).
    static func asksForWebSocket(_ head: HTTPRequestHead) -> Bool {
        head.headers[canonicalForm: "upgrade"].contains { $0.lowercased() == "websocket" }
    }

    /// The refusal for a WebSocket handshake that breaks a rule, or nil when it may go on to the upgrade
    /// decision (path, origin and API key). The version is checked before the key because the key's
    /// format belongs to the version.
    static func refusal(for head: HTTPRequestHead) -> Refusal? {
        guard head.method == .GET else {
            return Refusal(
                status: .methodNotAllowed, headers: ["Allow": "GET"],
                message: "a WebSocket handshake is a GET request, not \(head.method.rawValue)")
        }
        guard head.version.major > 1 || (head.version.major == 1 && head.version.minor >= 1) else {
            return Refusal(
                status: .badRequest,
                message:
                    "a WebSocket handshake needs HTTP/1.1 or later, not HTTP/\(head.version.major).\(head.version.minor)"
            )
        }
        if hasBody(head) {
            return Refusal(status: .badRequest, message: "a WebSocket handshake carries no body")
        }
        guard head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "upgrade" }) else {
            return Refusal(status: .badRequest, message: "a WebSocket handshake needs the header Connection: Upgrade")
        }
        guard head.headers["Host"].count == 1 else {
            return Refusal(status: .badRequest, message: "a WebSocket handshake needs exactly one Host header")
        }
        guard head.headers["Sec-WebSocket-Version"] == [supportedVersion] else {
            return Refusal(
                status: .upgradeRequired, headers: ["Sec-WebSocket-Version": supportedVersion],
                message: "Sec-WebSocket-Version must be \(supportedVersion)")
        }
        let keys = head.headers["Sec-WebSocket-Key"]
        guard keys.count == 1, let key = keys.first, Data(base64Encoded: key)?.count == 16 else {
            return Refusal(
                status: .badRequest,
                message: "Sec-WebSocket-Key must be one value: 16 random bytes in base64 (24 characters)")
        }
        return nil
    }

    /// Whether `head` announces a body: a non-zero `Content-Length` or any `Transfer-Encoding`.
    private static func hasBody(_ head: HTTPRequestHead) -> Bool {
        if !head.headers["Transfer-Encoding"].isEmpty { return true }
        return head.headers["Content-Length"].contains { $0.trimmingCharacters(in: .whitespaces) != "0" }
    }
}
