import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Foundation
import HummingbirdTesting
import NIOCore
import NIOWebSocket
import Testing
import WSCore

@Suite(.serialized, .timeLimit(.minutes(2))) struct StreamingEndToEndTests {
    /// Checks the protocol shape and frame count of one finished stream.
    private func expectComplete(
        _ outcome: ServerHarness.Outcome, durationSeconds: Double, chunkFrames: Int = 10,
        names expectedNames: [String]? = nil
    ) throws {
        let report = try #require(outcome.report)
        #expect(report.messageKinds.first == "start")
        #expect(report.messageKinds.last == "end")
        #expect(report.messageKinds.dropFirst().dropLast().allSatisfy { $0 == "body" })
        let names = try #require(report.channelNames)
        if let expectedNames { #expect(names == expectedNames) }
        #expect(report.dtype == .float16)
        #expect(report.bodyFrameCounts.allSatisfy { $0 >= 1 && $0 <= chunkFrames })
        let frames = try #require(report.frames)
        let expected = Int((durationSeconds * 30).rounded())
        #expect(abs(frames.frameCount - expected) <= 1, "got \(frames.frameCount) frames, expected \(expected) ± 1")
        #expect(frames.values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        #expect(outcome.closeFrame?.closeCode == nil || outcome.closeFrame?.closeCode == .normalClosure)
    }

    @Test("a spoken WAV in 40 ms chunks: start, bounded bodies, end, round(d × 30) frames in [0, 1]")
    func spokenWAV() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let outcome = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            try expectComplete(outcome, durationSeconds: wav.durationSeconds)
            let report = try #require(outcome.report)
            let frames = try #require(report.frames)
            let jaw = try #require(frames.channelIndex(of: "JawOpen") ?? frames.channelIndex(of: "あ"))
            #expect(frames.column(jaw).max() ?? 0 > 0.05, "speech should open the jaw")
        }
    }

    @Test("any chunking gives the same frame count", arguments: [1, 333, 32_000])
    func chunkSizes(chunkBytes: Int) async throws {
        var excerpt = try ServerHarness.fixture("speech-short.wav")
        if chunkBytes == 1 {
            // One message per byte costs a round of protobuf work each: keep the first 0.8 s.
            excerpt.pcmBytes = Array(excerpt.pcmBytes.prefix(25_600))
        }
        let wav = excerpt
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            var options = StreamClient.Options()
            options.chunkBytes = chunkBytes
            options.allowPartialFrames = true
            let outcome = try await ServerHarness.stream(wav, options: options, client: client)
            try expectComplete(outcome, durationSeconds: wav.durationSeconds)
        }
    }

    @Test(
        "8 kHz, 44.1 kHz stereo, 8-bit and 32-bit input are accepted",
        arguments: ["speech-8k.wav", "speech-44k-stereo.wav", "speech-8bit.wav", "speech-32bit.wav"])
    func formats(file: String) async throws {
        let wav = try ServerHarness.fixture(file)
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            var options = StreamClient.Options()
            options.chunkBytes = Int(0.04 * Double(wav.format.sampleRate)) * wav.format.bytesPerFrame
            let outcome = try await ServerHarness.stream(wav, options: options, client: client)
            try expectComplete(outcome, durationSeconds: wav.durationSeconds)
        }
    }

    @Test("profiles choose the output names: mmd-default gives MMD morphs, arkit-default the 51 ARKit names")
    func profiles() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        let parts = try ServerHarness.parts()
        try await ServerHarness.withServer(parts) { client in
            for profile in ["arkit-default", "mmd-default"] {
                var options = StreamClient.Options()
                options.profileName = profile
                let outcome = try await ServerHarness.stream(wav, options: options, client: client)
                let (pipeline, fellBack) = parts.environment.postprocess.pipeline(forProfile: profile)
                #expect(!fellBack)
                let expected = try pipeline.outputNames(forInput: BlendshapeNames.arkit51)
                try expectComplete(outcome, durationSeconds: wav.durationSeconds, names: expected)
            }
        }
    }

    @Test("float32 output and a custom response_chunk_n_frames")
    func float32AndChunkSize() async throws {
        var config = ServiceConfig()
        config.streaming.dtype = .float32
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            var options = StreamClient.Options()
            options.responseChunkFrames = 3
            let outcome = try await ServerHarness.stream(wav, options: options, client: client)
            let report = try #require(outcome.report)
            #expect(report.dtype == .float32)
            #expect(report.bodyFrameCounts.allSatisfy { $0 <= 3 })
            #expect(abs((report.frames?.frameCount ?? 0) - Int((wav.durationSeconds * 30).rounded())) <= 1)
        }
    }

    /// How long each frame takes is machine speed, measured by `audio2face bench load --realtime` (frame
    /// lag) and not asserted here; this checks only that frames are streamed, not held until the end.
    @Test("continuous speech: frames arrive while audio is still being sent, and every frame's lag is known")
    func framesWhileSending() async throws {
        let wav = try ServerHarness.fixture("speech-continuous.wav")
        #expect(wav.durationSeconds >= 10)
        let parts = try ServerHarness.parts()
        try await ServerHarness.withServer(parts) { client in
            var options = StreamClient.Options()
            options.realtime = true
            let outcome = try await ServerHarness.stream(wav, options: options, client: client)
            let report = try #require(outcome.report)
            let firstFrame = try #require(report.firstFrameSeconds)
            let lastChunkSent = try #require(report.chunkSendTimes.last?.sentSeconds)
            #expect(firstFrame < lastChunkSent, "first frame only after all audio was sent")
            let lags = report.frameLagSeconds(framesPerSecond: 30)
            #expect(lags.count >= Int(wav.durationSeconds * 30) - 2)
        }
    }
}
