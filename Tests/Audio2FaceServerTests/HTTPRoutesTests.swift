import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(2))) struct HTTPRoutesTests {
    @Test("/health answers OK, /ready 200 once warm, / redirects to /docs which describes the API")
    func routes() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "OK")
            }
            // Streams wait for readiness; once one has been served the engine is warm.
            let wav = try ServerHarness.fixture("speech-short.wav")
            _ = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(
                    response.status == .seeOther || response.status == .found || response.status == .movedPermanently)
                #expect(response.headers[.location] == "/docs")
            }
            try await client.execute(uri: "/docs", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("/api/v1/streaming_audio2face/ws"))
                #expect(page.contains("A2FControllerService/ProcessAudioStream"))
                #expect(page.contains("127.0.0.1:52000"))
            }
        }
    }
}
