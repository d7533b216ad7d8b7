import Audio2Face
import Audio2FaceServer
import HummingbirdTesting
import Testing

/// RFC 6455 §4.2.1 on the real server: handshakes that break a rule get the status the RFC names, with
/// a body saying why, and the connection is closed; a valid handshake still switches protocols.
@Suite(.timeLimit(.minutes(2))) struct WebSocketHandshakeTests {
    private static let validKey = "dGhlIHNhbXBsZSBub25jZQ=="

    /// A handshake for the streaming path: `requestLine` first, then the standard headers with
    /// `replacing` applied (a nil value leaves the header out), then `extra` lines.
    private static func handshake(
        requestLine: String = "GET \(ServerHarness.path) HTTP/1.1", replacing: [String: String?] = [:],
        extra: [String] = []
    ) -> String {
        let standard: [(String, String)] = [
            ("Host", "127.0.0.1"), ("Connection", "Upgrade"), ("Upgrade", "websocket"),
            ("Sec-WebSocket-Version", "13"), ("Sec-WebSocket-Key", validKey),
        ]
        var lines = [requestLine]
        for (name, value) in standard {
            if let replacement = replacing[name] {
                if let replacement { lines.append("\(name): \(replacement)") }
            } else {
                lines.append("\(name): \(value)")
            }
        }
        return (lines + extra).joined(separator: "\r\n") + "\r\n\r\n"
    }

    /// Sends `request` on a new connection and returns everything the server sent until it closed.
    private static func answer(to request: String, client: any TestClientProtocol) async throws -> String {
        let port = try #require(client.port)
        let (text, closed) = try await BlockingIO.run {
            let connection = try RawConnection(port: port)
            connection.send(request)
            return connection.readUntilClosed(timeout: .seconds(20))
        }
        #expect(closed, "the server kept the connection open after answering: \(text)")
        return text
    }

    @Test(
        "a handshake that breaks RFC 6455 is answered with its status and closed",
        arguments: [
            ("a key that is not base64", [("Sec-WebSocket-Key", "not a key!")], 400),
            ("a key of 15 bytes", [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA")], 400),
            ("a key of 17 bytes", [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAA=")], 400),
            ("no key", [("Sec-WebSocket-Key", nil)], 400),
            ("no Connection: Upgrade", [("Connection", "keep-alive")], 400),
            ("no Host", [("Host", nil)], 400),
        ] as [(String, [(String, String?)], Int)])
    func brokenHeader(name: String, replacing: [(String, String?)], status: Int) async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let request = Self.handshake(replacing: Dictionary(uniqueKeysWithValues: replacing))
            let text = try await Self.answer(to: request, client: client)
            #expect(RawConnection.status(in: text) == status, "\(name): \(text)")
            #expect(RawConnection.header("Connection", in: text)?.lowercased() == "close")
        }
    }

    @Test("an upgrade by POST is refused with 405 and Allow: GET")
    func upgradeByPost() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let text = try await Self.answer(
                to: Self.handshake(requestLine: "POST \(ServerHarness.path) HTTP/1.1"), client: client)
            #expect(RawConnection.status(in: text) == 405)
            #expect(RawConnection.header("Allow", in: text) == "GET")
        }
    }

    @Test("an upgrade over HTTP/1.0 is refused with 400")
    func upgradeOverHTTP10() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let text = try await Self.answer(
                to: Self.handshake(requestLine: "GET \(ServerHarness.path) HTTP/1.0"), client: client)
            #expect(RawConnection.status(in: text) == 400)
            #expect(text.contains("HTTP/1.1"))
        }
    }

    @Test("a handshake announcing a body is refused with 400")
    func handshakeWithBody() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let text = try await Self.answer(
                to: Self.handshake(extra: ["Content-Length: 5"]) + "hello", client: client)
            #expect(RawConnection.status(in: text) == 400)
        }
    }

    @Test(
        "a missing or unsupported version gets 426 with Sec-WebSocket-Version: 13",
        arguments: [nil, "8", "14", "13, 8"] as [String?])
    func unsupportedVersion(version: String?) async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let text = try await Self.answer(
                to: Self.handshake(replacing: ["Sec-WebSocket-Version": version]), client: client)
            #expect(RawConnection.status(in: text) == 426)
            #expect(RawConnection.header("Sec-WebSocket-Version", in: text) == "13")
        }
    }

    @Test("request headers larger than the decoder accepts get 431")
    func oversizedHeaders() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let padding = String(repeating: "a", count: 100_000)
            let text = try await Self.answer(to: Self.handshake(extra: ["X-Padding: \(padding)"]), client: client)
            #expect(RawConnection.status(in: text) == 431)
        }
    }

    @Test("a valid handshake, with header names and tokens in any case, still switches protocols")
    func validHandshake() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let port = try #require(client.port)
            let status = try await BlockingIO.run {
                try RawHTTP.upgradeStatus(
                    port: port, target: ServerHarness.path, headers: ["X-Extra": "1"])
            }
            #expect(status == 101)
            let mixedCase = Self.handshake(replacing: ["Connection": "keep-alive, upgrade", "Upgrade": "WebSocket"])
            let response = try await BlockingIO.run {
                let connection = try RawConnection(port: port)
                connection.send(mixedCase)
                _ = connection.readable(within: .seconds(20))
                return connection.readUntilClosed(timeout: .milliseconds(500)).text
            }
            #expect(RawConnection.status(in: response) == 101)
        }
    }
}
