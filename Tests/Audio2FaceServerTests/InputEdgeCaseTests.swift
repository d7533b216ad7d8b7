import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import HummingbirdTesting
import NIOWebSocket
import Testing

/// Inputs that are odd but not wrong: the service keeps serving them, as documented.
@Suite(.serialized, .timeLimit(.minutes(2))) struct InputEdgeCaseTests {
    /// An engine whose frames hold NaN, +Inf and -Inf (a model gone wrong).
    struct NonFiniteEngine: FaceEngine {
        var kind: String { "non-finite" }
        var channelNames: [String] { BlendshapeNames.arkit51 }
        var framesPerSecond: Double { 30 }
        var lookaheadSamples: Int { 0 }
        func warmUp() async throws {}
        func makeStream() -> any FaceEngineStream { Stream() }

        struct Stream: FaceEngineStream {
            mutating func infer(_ segment: AudioSegment) async throws -> FaceClip {
                let pattern: [Float] = [.nan, .infinity, -.infinity, 0.5]
                let count = segment.frames.count * BlendshapeNames.arkit51.count
                let values = (0..<count).map { pattern[$0 % pattern.count] }
                return FaceClip(
                    channelNames: BlendshapeNames.arkit51, values: values, startFrame: segment.frames.lowerBound)
            }
        }
    }

    @Test(
        "NaN and infinities from the engine never reach the client, in float16 or float32",
        arguments: [FrameDataType.float16, .float32])
    func nonFiniteValuesAreCleaned(dtype: FrameDataType) async throws {
        var config = ServiceConfig()
        config.streaming.dtype = dtype
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try ServerHarness.parts(config: config, engine: NonFiniteEngine())) {
            client in
            let outcome = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            let frames = try #require(outcome.report?.frames)
            #expect(frames.frameCount > 0)
            #expect(frames.values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        }
    }

    @Test("a client sending silence in real time is active, not idle: the stream completes")
    func silenceIsNotIdleness() async throws {
        // The stream lasts three idle timeouts. The timeout is generous because the client shares two
        // cores with the other suites, some of which flood the server on purpose: a client stalled by them
        // for a second was closed as idle at 1 s (and at 0.3 s before that).
        var config = ServiceConfig()
        config.streaming.requestExpireSeconds = 3.0
        let silence = WAVFile(
            format: try PCMFormat(sampleRate: 16_000, sampleWidth: 2, channelCount: 1),
            pcmBytes: [UInt8](repeating: 0, count: 16_000 * 2 * 9))
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            var options = StreamClient.Options()
            options.realtime = true
            let outcome = try await ServerHarness.stream(silence, options: options, client: client)
            #expect(outcome.report?.messageKinds.last == "end", "closed: \(String(describing: outcome.closeFrame))")
            #expect(outcome.report?.frames?.frameCount == 270)
        }
    }

    @Test("unknown profile and offset names fall back (default profile, no preset) as the reference does")
    func unknownNamesFallBack() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        let parts = try ServerHarness.parts()
        try await ServerHarness.withServer(parts) { client in
            var options = StreamClient.Options()
            options.profileName = "no-such-profile"
            options.offsetName = "no-such-preset"
            let outcome = try await ServerHarness.stream(wav, options: options, client: client)
            #expect(outcome.report?.messageKinds.last == "end")
            let expected = try parts.environment.postprocess.pipeline(forProfile: "").pipeline
                .outputNames(forInput: parts.environment.engine.channelNames)
            #expect(outcome.report?.channelNames == expected)
        }
    }
}
