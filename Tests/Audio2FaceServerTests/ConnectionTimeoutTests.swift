import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import HummingbirdTesting
import Testing

/// Connections that have not become streams have time budgets: the first request head must arrive within
/// `server.header_read_timeout_seconds` and an HTTP connection with no request in flight is closed after
/// `server.idle_timeout_seconds`. The tests configure half a second and then only ask whether the server
/// closed the connection, allowing it up to 20 s (a guard against a hang, not a speed requirement).
@Suite(.timeLimit(.minutes(2))) struct ConnectionTimeoutTests {
    private static let patience = Duration.seconds(20)

    private static func parts() throws -> ServiceParts {
        var config = ServiceConfig()
        config.server.headerReadTimeoutSeconds = 0.5
        config.server.idleTimeoutSeconds = 0.5
        return try ServerHarness.parts(config: config)
    }

    @Test("a connection that sends nothing is answered 408 and closed")
    func silentConnection() async throws {
        try await ServerHarness.withServer(try Self.parts()) { client in
            let port = try #require(client.port)
            let (text, closed) = try await BlockingIO.run {
                try RawConnection(port: port).readUntilClosed(timeout: Self.patience)
            }
            #expect(closed)
            #expect(RawConnection.status(in: text) == 408)
        }
    }

    @Test("a request head trickled a byte at a time is cut off")
    func trickledHead() async throws {
        try await ServerHarness.withServer(try Self.parts()) { client in
            let port = try #require(client.port)
            let closed = try await BlockingIO.run {
                let connection = try RawConnection(port: port)
                connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                let deadline = ContinuousClock.now + Self.patience
                while ContinuousClock.now < deadline {
                    guard connection.send("a") else { break }
                    if connection.readable(within: .milliseconds(100)) { break }
                }
                return connection.readUntilClosed(timeout: Self.patience).closed
            }
            #expect(closed)
        }
    }

    @Test("an HTTP connection left idle after its response is closed; the response itself was served")
    func idleKeepAlive() async throws {
        try await ServerHarness.withServer(try Self.parts()) { client in
            let port = try #require(client.port)
            let (text, closed) = try await BlockingIO.run {
                let connection = try RawConnection(port: port)
                connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                return connection.readUntilClosed(timeout: Self.patience)
            }
            #expect(RawConnection.status(in: text) == 200)
            #expect(closed)
        }
    }

    @Test("a WebSocket stream lasting longer than both timeouts is not cut by them")
    func streamOutlivesTimeouts() async throws {
        try await ServerHarness.withServer(try Self.parts()) { client in
            let wav = try ServerHarness.fixture("speech-short.wav")
            var options = StreamClient.Options()
            options.realtime = true
            let outcome = try await ServerHarness.stream(wav, options: options, client: client)
            #expect(outcome.report?.messageKinds.last == "end")
        }
    }
}
