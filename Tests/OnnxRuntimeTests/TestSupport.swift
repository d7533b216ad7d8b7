import Foundation
import OnnxRuntime
import Testing

@testable import Audio2Face

/// Shared helpers: fixture paths, the ONNX Runtime library, the tiny model.
enum TestSupport {
    /// The committed fixtures (models, WAV, expected frames).
    static let fixtures: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

    static let tinyModel = fixture("unitalker-tiny.onnx")

    /// The package root, found from this file's path, searched for `.local/onnxruntime` besides the
    /// current directory.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static let libraryResult: Result<ORTLibrary, ORTError> = Result { () throws(ORTError) -> ORTLibrary in
        try ORTLibrary.load(searchDirectories: [packageRoot])
    }

    /// Tests that need ORT run when it is installed, and always under CI (where its absence must fail).
    static var libraryTestsEnabled: Bool {
        if isCI { return true }
        if case .success = libraryResult { return true }
        return false
    }

    static let skipReason: Comment =
        "ONNX Runtime is not installed; run scripts/install-onnxruntime.sh (under CI=true these tests fail instead)"

    /// The library, or a failing expectation that says how to install it.
    static func library() throws -> ORTLibrary {
        try libraryResult.get()
    }

    static func environment() throws -> ORTEnvironment {
        try ORTEnvironment(library: library(), logLevel: .error)
    }

    /// Engine config for the tiny model; the library is the one the tests found.
    static func engineConfig(contextSeconds: Double = 0.5, model: URL = tinyModel) throws -> UnitalkerEngineConfig {
        var config = UnitalkerEngineConfig()
        config.modelPath = model.path
        config.onnxruntimeLibrary = try library().path
        config.contextSeconds = contextSeconds
        return config
    }

    /// The spoken fixture as 16 kHz mono samples in [-1, 1].
    static func speechSamples() throws -> [Float] {
        let wav = try WAVFile(contentsOf: fixture("speech-16k.wav"))
        return PCMDecoder.decodeAll(wav.pcmBytes, format: wav.format)
    }

    /// Streams `samples` through `stream` in segments of `segmentSeconds` (0 = one segment), claiming
    /// frames with a ``FrameTimeline`` as the streaming session does, and joins the clips.
    static func runStream(
        _ stream: inout any FaceEngineStream, samples: [Float], segmentSeconds: Double, framesPerSecond: Double = 30
    ) async throws -> FaceClip {
        var timeline = FrameTimeline(framesPerSecond: framesPerSecond, lookaheadSamples: 0)
        let segmentLength = segmentSeconds <= 0 ? samples.count : Int((segmentSeconds * 16_000).rounded())
        var result = FaceClip(zeroFrames: 0, channelNames: BlendshapeNames.arkit51)
        var start = 0
        while start < samples.count {
            let end = min(samples.count, start + segmentLength)
            let frames = timeline.claimFrames(throughSample: end, isFinal: end == samples.count)
            let segment = AudioSegment(
                startSample: start, samples: Array(samples[start..<end]), frames: frames, isFinal: end == samples.count)
            let clip = try await stream.infer(segment)
            #expect(clip.frameRange == frames)
            #expect(clip.channelNames == BlendshapeNames.arkit51)
            try result.append(clip)
            start = end
        }
        return result
    }
}
