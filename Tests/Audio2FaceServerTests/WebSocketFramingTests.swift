import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import HummingbirdTesting
import Synchronization
import Testing

/// RFC 6455 framing on a real port, with frames written byte by byte: what the server does with frames a
/// WebSocket library would never send (unmasked, oversized, broken control frames) and with each close
/// code a client may or may not send.
@Suite(.serialized, .timeLimit(.minutes(2))) struct WebSocketFramingTests {
    private static let start = WireCodec.encodeClientMessage(.start(StreamStart(requestID: "framing")))

    /// What the server sent a raw client: the frames before its close frame, the close frame, and whether
    /// it then closed the connection.
    struct Exchange: Sendable {
        var before: [RawWebSocket.Frame]
        var close: RawWebSocket.Frame?
        var connectionClosed: Bool
    }

    /// Connects a raw client to a server built from `config`, lets `send` write to it, and returns what
    /// the server answered.
    private static func exchange(
        config: ServiceConfig = ServiceConfig(), _ send: @escaping @Sendable (RawWebSocket) -> Void
    ) async throws -> Exchange {
        let result = Mutex<Exchange?>(nil)
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            let port = try #require(client.port)
            let exchanged = try await BlockingIO.run {
                let socket = try RawWebSocket(port: port, path: ServerHarness.path)
                send(socket)
                let (before, close) = socket.readUntilClose(timeout: .seconds(10))
                return Exchange(
                    before: before, close: close,
                    connectionClosed: close != nil && socket.closedByServer(within: .seconds(10)))
            }
            result.withLock { $0 = exchanged }
        }
        return try #require(result.withLock { $0 })
    }

    /// Frames that break RFC 6455 §5.1 by coming unmasked, after what the client sends first.
    static let unmaskedCases: [(name: String, send: @Sendable (RawWebSocket) -> Void)] = [
        ("unmasked start", { $0.sendFrame(opcode: 0x2, masked: false, payload: start) }),
        (
            "unmasked body after a masked start",
            { socket in
                socket.sendBinary(start)
                let body = WireCodec.encodeClientMessage(.body(pcm: [UInt8](repeating: 0, count: 640), offsetName: ""))
                socket.sendFrame(opcode: 0x2, masked: false, payload: body)
            }
        ),
        (
            "unmasked ping after a masked start",
            { socket in
                socket.sendBinary(start)
                socket.sendFrame(opcode: 0x9, masked: false, payload: [1, 2, 3])
            }
        ),
        ("unmasked close", { $0.sendFrame(opcode: 0x8, masked: false, payload: [0x03, 0xE8]) }),
    ]

    @Test("an unmasked client frame closes the stream with 1002 and a reason", arguments: 0..<unmaskedCases.count)
    func unmaskedFrame(index: Int) async throws {
        let unmasked = Self.unmaskedCases[index]
        var config = ServiceConfig()
        // A server that processed the frame would keep the stream until it idled out: well within the read
        // guard, so that such a server is seen closing with 1008 rather than not at all.
        config.streaming.requestExpireSeconds = 2
        let exchange = try await Self.exchange(config: config, unmasked.send)
        let frame = try #require(exchange.close, "\(unmasked.name): no close frame")
        #expect(frame.closeCode == 1002, "\(unmasked.name): closed \(frame.closeCode.map(String.init) ?? "-")")
        #expect(frame.closeReason.contains("masked"), "\(unmasked.name): reason '\(frame.closeReason)'")
        #expect(exchange.connectionClosed, "\(unmasked.name): the connection stayed open")
        if index == 0 { #expect(exchange.before.count == 0, "the unmasked start was answered") }
    }

    @Test("a frame over the frame size limit closes with 1009 and a reason naming the limit in bytes")
    func oversizedFrame() async throws {
        var config = ServiceConfig()
        config.server.maxMessageBytes = 4_096
        let exchange = try await Self.exchange(config: config) { socket in
            socket.sendBinary(Self.start)
            // Only the header: the frame decoder refuses the announced length before any payload.
            socket.sendAll(RawWebSocket.frameHeader(opcode: 0x2, payloadLength: 4_097))
        }
        let frame = try #require(exchange.close, "no close frame")
        #expect(exchange.connectionClosed, "the connection stayed open")
        #expect(frame.closeCode == 1009)
        #expect(frame.closeReason.contains("4096 bytes"), "reason '\(frame.closeReason)'")
    }

    @Test(
        "after a 1009 for too many fragments the server reads no further and closes without waiting for the client's close frame"
    )
    func fragmentFloodFailsTheConnection() async throws {
        let exchange = try await Self.exchange { socket in
            socket.sendBinary(Self.start)
            socket.sendFrame(opcode: 0x2, fin: false, payload: [0])
            // Far more 1-byte fragments than a message may have, as a flood queues them; never a close frame.
            var flood: [UInt8] = []
            for _ in 0..<20_000 {
                flood += RawWebSocket.frameHeader(opcode: 0x0, fin: false, payloadLength: 1) + [0]
            }
            socket.sendAll(flood)
        }
        let frame = try #require(exchange.close, "no close frame")
        #expect(frame.closeCode == 1009)
        #expect(frame.closeReason.contains("fragments"), "reason '\(frame.closeReason)'")
        // swift-websocket on its own would wait 15 s for the client's close frame, reading the flood.
        #expect(exchange.connectionClosed, "the connection stayed open")
    }

    /// Frames RFC 6455 forbids besides unmasked ones, with what each reason must mention: control frames
    /// NIO's frame decoder refuses and reserved opcodes swift-websocket refuses.
    static let brokenFrames: [(name: String, bytes: [UInt8], reason: String)] = [
        ("fragmented ping", RawWebSocket.frameHeader(opcode: 0x9, fin: false, payloadLength: 4), "fragmented"),
        ("ping of 126 bytes", RawWebSocket.frameHeader(opcode: 0x9, payloadLength: 126), "125 bytes"),
        ("reserved data opcode", RawWebSocket.frameHeader(opcode: 0x3, payloadLength: 0), "opcode 0x3 is reserved"),
        (
            "reserved control opcode", RawWebSocket.frameHeader(opcode: 0xB, payloadLength: 0),
            "opcode 0xB is reserved"
        ),
    ]

    @Test("a frame RFC 6455 forbids closes with 1002 and a reason saying why", arguments: 0..<brokenFrames.count)
    func brokenFrame(index: Int) async throws {
        let broken = Self.brokenFrames[index]
        let exchange = try await Self.exchange { socket in
            socket.sendBinary(Self.start)
            socket.sendAll(broken.bytes)
        }
        let frame = try #require(exchange.close, "\(broken.name): no close frame")
        #expect(exchange.connectionClosed, "\(broken.name): the connection stayed open")
        #expect(frame.closeCode == 1002, "\(broken.name)")
        #expect(frame.closeReason.contains(broken.reason), "\(broken.name): reason '\(frame.closeReason)'")
    }

    @Test(
        "a client closing with a code RFC 6455 or the IANA registry allows gets the normal close reply (1000)",
        arguments: [1000, 1001, 1003, 1008, 1011, 1012, 1013, 1014, 3000, 4999] as [UInt16])
    func registeredCloseCode(code: UInt16) async throws {
        let exchange = try await Self.exchange { $0.sendClose(code: code, reason: "bye") }
        let frame = try #require(exchange.close, "\(code): no close reply")
        #expect(exchange.connectionClosed, "\(code): the connection stayed open")
        #expect(frame.closeCode == 1000, "\(code) was answered \(frame.closeCode.map(String.init) ?? "-")")
    }

    @Test(
        "a client closing with a code that may not be sent is answered 1002",
        arguments: [999, 1004, 1005, 1006, 1015, 1016, 2999, 5000] as [UInt16])
    func forbiddenCloseCode(code: UInt16) async throws {
        let exchange = try await Self.exchange { $0.sendClose(code: code) }
        let frame = try #require(exchange.close, "\(code): no close reply")
        #expect(frame.closeCode == 1002, "\(code) was answered \(frame.closeCode.map(String.init) ?? "-")")
    }
}
