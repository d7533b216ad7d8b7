import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import NIOCore
import NIOWebSocket
import Testing

@Suite(.serialized, .timeLimit(.minutes(2))) struct LimitsTests {
    private static func binary(_ message: WireClientMessage) -> WebSocketOutboundWriter.OutboundFrame {
        .binary(ByteBuffer(bytes: WireCodec.encodeClientMessage(message)))
    }

    /// Holds one stream open (started, answered) until `release` yields, then ends it; `admitted`
    /// yields once the server has answered its start.
    private static func holdStream(
        client: any TestClientProtocol, admitted: AsyncStream<Void>.Continuation, release: AsyncStream<Void>
    ) async throws -> WebSocketCloseFrame? {
        try await client.ws(ServerHarness.path) { inbound, outbound, _ in
            try await outbound.write(binary(.start(StreamStart(requestID: "held"))))
            var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
            _ = try await messages.next()
            admitted.yield()
            for await _ in release { break }
            try await outbound.write(binary(.end))
            while try await messages.next() != nil {}
        }
    }

    private func refusedWhileHeld(config: ServiceConfig, reason: String) async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            let (admitted, admittedContinuation) = AsyncStream<Void>.makeStream()
            let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let close = try await Self.holdStream(
                        client: client, admitted: admittedContinuation, release: release)
                    #expect(close == nil || close?.closeCode == .normalClosure)
                }
                for await _ in admitted { break }
                var refusedOptions = StreamClient.Options()
                refusedOptions.requestID = "refused"
                let refused = try await ServerHarness.stream(wav, options: refusedOptions, client: client)
                #expect(refused.closeFrame?.closeCode == .unknown(1013))
                #expect(
                    refused.closeFrame?.reason?.contains(reason) == true, "reason: \(refused.closeFrame?.reason ?? "")")
                releaseContinuation.yield()
                try await group.waitForAll()
            }
            // Once the held stream has ended, a new one is admitted again.
            let later = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            #expect(later.report?.messageKinds.last == "end")
        }
    }

    @Test("over max_concurrent_streams a new stream is closed with 1013 until one ends")
    func serverCapacity() async throws {
        var config = ServiceConfig()
        config.limits.maxConcurrentStreams = 1
        try await refusedWhileHeld(config: config, reason: "capacity")
    }

    @Test("over max_streams_per_client the same address is closed with 1013")
    func perClientLimit() async throws {
        var config = ServiceConfig()
        config.limits.maxStreamsPerClient = 1
        try await refusedWhileHeld(config: config, reason: "this address")
    }

    @Test("a stream longer than max_stream_seconds is closed with 1008 naming the limit")
    func maxDuration() async throws {
        var config = ServiceConfig()
        config.limits.maxStreamSeconds = 1
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            let outcome = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            #expect(outcome.closeFrame?.closeCode == .policyViolation)
            #expect(outcome.closeFrame?.reason?.contains("max_stream_seconds") == true)
        }
    }

    @Test("a message over max_message_bytes is closed with 1009 while another stream completes")
    func oversizedMessage() async throws {
        var config = ServiceConfig()
        config.server.maxMessageBytes = 4_096
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            async let good = ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            let (_, close) = try await ServerHarness.sendRaw(
                [
                    Self.binary(.start(StreamStart(requestID: "big"))),
                    Self.binary(.body(pcm: [UInt8](repeating: 0, count: 20_000), offsetName: "")),
                ],
                client: client)
            #expect(close?.closeCode == .messageTooLarge)
            let goodOutcome = try await good
            #expect(goodOutcome.report?.messageKinds.last == "end")
        }
    }

    @Test("a message over max_message_bytes sent in small fragments is closed with 1009")
    func oversizedFragmentedMessage() async throws {
        var config = ServiceConfig()
        config.server.maxMessageBytes = 4_096
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            let close = try await client.ws(ServerHarness.path) { inbound, outbound, _ in
                try await outbound.write(Self.binary(.start(StreamStart(requestID: "fragments"))))
                let body = WireCodec.encodeClientMessage(
                    .body(pcm: [UInt8](repeating: 0, count: 20_000), offsetName: ""))
                try? await outbound.withBinaryMessageWriter { writer in
                    var offset = 0
                    while offset < body.count {
                        let end = min(offset + 1_000, body.count)
                        try await writer(ByteBuffer(bytes: body[offset..<end]))
                        offset = end
                    }
                }
                for try await _ in inbound.messages(maxSize: 1 << 20) {}
            }
            #expect(close?.closeCode == .messageTooLarge)
        }
    }
}
