import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import NIOCore
import NIOWebSocket
import Testing

/// Fair sharing end to end: a client that sends faster than `limits.max_input_speedup` allows beyond its
/// burst is held back (counted in `audio2face_input_reads_throttled_total`) and still served in full, the
/// wait is not idleness, and the default budget lets a burst client through unthrottled.
@Suite(.serialized, .timeLimit(.minutes(2))) struct InputPacingTests {
    private static func throttledReads(_ client: any TestClientProtocol) async throws -> Double? {
        let text = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
        let series = ServiceMetrics.Name.inputReadsThrottled
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1).split(separator: " ").first ?? "")
        }
        return nil
    }

    @Test("a sender faster than the speed-up beyond its burst is held back, and its stream still completes")
    func fastSenderHeldBack() async throws {
        var config = ServiceConfig()
        // Real time after half a second of burst: a client sending 2.6 s of audio at once must wait.
        config.limits.maxInputSpeedup = 1
        config.limits.inputBurstSeconds = 0.5
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            let outcome = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            #expect(outcome.report?.messageKinds.last == "end")
            #expect(try await Self.throttledReads(client).map { $0 >= 1 } == true)
        }
    }

    @Test("with the default budget a burst client is not held back")
    func defaultsLetABurstThrough() async throws {
        let wav = try ServerHarness.fixture("speech-continuous.wav")
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let outcome = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            #expect(outcome.report?.messageKinds.last == "end")
            #expect(try await Self.throttledReads(client) == 0)
        }
    }

    @Test("waiting for the input budget is not idleness: a wait longer than request_expire_seconds completes")
    func waitIsNotIdle() async throws {
        var config = ServiceConfig()
        config.streaming.requestExpireSeconds = 0.5
        config.limits.maxInputSpeedup = 2
        config.limits.inputBurstSeconds = 0
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            // All 2.6 s of audio in one message: the end waits 1.3 s for the budget, over the idle limit.
            let (received, close) = try await ServerHarness.sendRaw(
                [
                    .binary(ByteBuffer(bytes: WireCodec.encodeClientMessage(.start(StreamStart(requestID: "paced"))))),
                    .binary(ByteBuffer(bytes: WireCodec.encodeClientMessage(.body(pcm: wav.pcmBytes, offsetName: "")))),
                    .binary(ByteBuffer(bytes: WireCodec.encodeClientMessage(.end))),
                ],
                client: client)
            #expect(close == nil || close?.closeCode == .normalClosure, "close: \(String(describing: close))")
            #expect(received >= 3)
            #expect(try await Self.throttledReads(client) == 1)
        }
    }
}
