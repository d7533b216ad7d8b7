import Audio2Face
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import HummingbirdTesting
import Logging
import Testing

@testable import Audio2FaceCLI

@Suite(.timeLimit(.minutes(3))) struct LoadGeneratorTests {
    @Test("one burst stream against the real server: counted, frame count right, timings ordered")
    func singleStream() async throws {
        let wavPath = TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-short.wav").path
        let wav = try WAVFile(contentsOf: URL(fileURLWithPath: wavPath))
        var config = ServiceConfig()
        config.server.port = 0
        let parts = try ServiceParts(config: config, baseDirectory: TestRepository.root, logger: Logger(label: "test"))
        let app = buildApplication(parts: parts, logger: Logger(label: "test-server"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let target = StreamTarget.webSocket(url: "ws://127.0.0.1:\(port)/api/v1/streaming_audio2face/ws")
            let generator = LoadGenerator(
                recordings: [wav], realtime: false, framesPerSecond: 30, serverProbe: ProcessProbe(pid: getpid())
            ) { wav, id in await target.stream(wav, settings: StreamSettings(requestID: id)) }
            // A level that ends at once still completes the stream each user started.
            let result = await generator.runLevel(users: 1, seconds: 0.001)
            #expect(result.completedStreams == 1)
            #expect(result.errors == 0)
            #expect(result.frameCountMismatches == 0)
            #expect(abs(result.audioSeconds - wav.durationSeconds) < 1e-9)
            let first = try #require(result.firstFrameP50)
            #expect(first >= 0 && first <= result.wallSeconds)
            #expect((result.speedMedian ?? 0) > 0)
            #expect((result.serverPeakRSSBytes ?? 0) > 0)
            #expect(result.serverCPUSecondsPerAudioSecond != nil)
        }
    }

    @Test("percentiles use the nearest rank")
    func percentiles() {
        let values = Percentiles((1...100).map(Double.init))
        #expect(values.value(50) == 50)
        #expect(values.value(95) == 95)
        #expect(values.value(0) == 1)
        #expect(Percentiles([]).value(50) == nil)
    }
}
