import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WSCore

@Suite(.serialized, .timeLimit(.minutes(2))) struct MetricsTests {
    /// The value of the sample `series` (name plus labels, exactly as exposed), if present.
    private static func value(_ series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1).split(separator: " ").first ?? "")
        }
        return nil
    }

    private static func scrape(_ client: any TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            return String(buffer: response.body)
        }
    }

    @Test("/metrics exposes the stream series and their values change after streams")
    func seriesChangeAfterStreams() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let before = try await Self.scrape(client)
            #expect(Self.value("audio2face_active_streams", in: before) == 0)
            #expect(Self.value("audio2face_process_resident_memory_bytes", in: before).map { $0 > 1_000_000 } == true)
            #expect(before.contains("audio2face_process_cpu_seconds_total"))

            let outcome = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            let frames = Double(try #require(outcome.report?.frames?.frameCount))
            _ = try await ServerHarness.sendRaw([.text("not protobuf")], client: client)

            let after = try await Self.scrape(client)
            #expect(Self.value(#"audio2face_streams_started_total{transport="websocket"}"#, in: after) == 1)
            #expect(Self.value(#"audio2face_frames_sent_total{transport="websocket"}"#, in: after) == frames)
            #expect(
                Self.value(#"audio2face_audio_seconds_total{transport="websocket"}"#, in: after).map {
                    abs($0 - wav.durationSeconds) < 0.01
                }
                    == true)
            #expect(
                Self.value(
                    #"audio2face_streams_ended_total{outcome="completed",close_code="1000",transport="websocket"}"#,
                    in: after) == 1)
            #expect(
                Self.value(
                    #"audio2face_streams_ended_total{outcome="failed",close_code="1008",transport="websocket"}"#,
                    in: after) == 1)
            #expect(Self.value("audio2face_active_streams", in: after) == 0)
            #expect(
                Self.value(#"audio2face_inference_seconds_count{engine="builtin",transport="websocket"}"#, in: after)
                    .map { $0 > 0 } == true)
            #expect(
                Self.value(#"audio2face_segment_seconds_count{transport="websocket"}"#, in: after).map { $0 > 0 }
                    == true)
            #expect(Self.value(#"audio2face_first_frame_seconds_count{transport="websocket"}"#, in: after) == 1)
        }
    }

    @Test("refused upgrades are counted by reason")
    func refusalsCounted() async throws {
        var config = ServiceConfig()
        config.auth.enabled = true
        let parts = try ServerHarness.parts(config: config, apiKeys: APIKeyStore(keys: ["metrics-key"]))
        try await ServerHarness.withServer(parts) { client in
            let port = try #require(client.port)
            let status = try await BlockingIO.run { try RawHTTP.upgradeStatus(port: port, target: ServerHarness.path) }
            #expect(status == 401)
            let text = try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer metrics-key"]
            ) { String(buffer: $0.body) }
            #expect(
                Self.value(
                    #"audio2face_connections_refused_total{reason="unauthorized",transport="websocket"}"#, in: text)
                    == 1)
        }
    }
}
