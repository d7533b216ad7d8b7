import Foundation
import OnnxRuntime
import Testing

@testable import Audio2Face

@Suite("UnitalkerEngine", .enabled(if: TestSupport.libraryTestsEnabled, TestSupport.skipReason))
struct UnitalkerEngineTests {
    private let base = URL(fileURLWithPath: "/nonexistent-base")

    private func engine(contextSeconds: Double = 0.5, parallelRuns: Int = 0) throws -> UnitalkerEngine {
        var config = try TestSupport.engineConfig(contextSeconds: contextSeconds)
        config.parallelRuns = parallelRuns
        return try UnitalkerEngine(config: config, framesPerSecond: 30, baseDirectory: base)
    }

    /// Reads the Python tool's snake_case keys into camelCase properties.
    private static var snakeCaseDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// Frames written by `tools/parity.py` (Python onnxruntime) for the tiny model and the spoken WAV.
    private struct Expected: Decodable {
        struct Run: Decodable {
            var name: String
            var segmentSeconds: Double
            var contextSeconds: Double
            var frameCount: Int
            var frames: [[Float]]
        }
        var fps: Double
        var emoId: Int
        var sampleCount: Int
        var channelNames: [String]
        var runs: [Run]
    }

    @Test("loads the tiny model with the UniTalker interface")
    func loads() async throws {
        let engine = try engine()
        #expect(engine.kind == "unitalker")
        #expect(engine.channelNames == BlendshapeNames.arkit51)
        #expect(engine.lookaheadSamples == 0)
        #expect(engine.framesPerSecond == 30)
        #expect(engine.activeExecutionProvider == "cpu")
        #expect(engine.fallbackReason == nil)
        #expect(engine.intraOpThreads * engine.parallelRuns <= max(1, ProcessInfo.processInfo.activeProcessorCount))
        #expect(engine.runtimeDescription.contains("1.23.2"))
        try await engine.warmUp()
    }

    @Test("a spoken WAV gives round(duration × fps) frames of 51 finite channels")
    func inferenceOnSpeech() async throws {
        let samples = try TestSupport.speechSamples()
        let engine = try engine()
        var stream = engine.makeStream()
        let clip = try await TestSupport.runStream(&stream, samples: samples, segmentSeconds: 1.0)
        let expectedFrames = (Double(samples.count) / 16_000 * 30).rounded()
        #expect(abs(Double(clip.frameCount) - expectedFrames) <= 1)
        #expect(clip.startFrame == 0)
        #expect(clip.channelCount == 51)
        #expect(clip.values.allSatisfy { $0.isFinite })
        let jaw = clip.column(clip.channelIndex(of: "JawOpen")!)
        #expect(Set(jaw).count > 10, "output should vary with the speech")
    }

    @Test(
        "frames equal Python onnxruntime's (tools/parity.py) within 1e-4",
        arguments: ["whole", "segmented", "nocontext", "short"])
    func parityWithPython(runName: String) async throws {
        let data = try Data(contentsOf: TestSupport.fixture("unitalker-tiny-expected.json"))
        let expected = try Self.snakeCaseDecoder.decode(Expected.self, from: data)
        let run = try #require(expected.runs.first { $0.name == runName })
        let samples = try TestSupport.speechSamples()
        #expect(samples.count == expected.sampleCount)
        #expect(expected.channelNames == BlendshapeNames.arkit51)

        var config = try TestSupport.engineConfig(contextSeconds: run.contextSeconds)
        config.emoID = expected.emoId
        let engine = try UnitalkerEngine(config: config, framesPerSecond: expected.fps, baseDirectory: base)
        var stream = engine.makeStream()
        let clip = try await TestSupport.runStream(
            &stream, samples: samples, segmentSeconds: run.segmentSeconds, framesPerSecond: expected.fps)
        try #require(clip.frameCount == run.frameCount)
        var worst: Float = 0
        for frame in 0..<clip.frameCount {
            for channel in 0..<51 {
                worst = max(worst, abs(clip[frame, channel] - run.frames[frame][channel]))
            }
        }
        #expect(worst < 1e-4, "largest difference \(worst) in run \(runName)")
    }

    @Test("context smooths segment boundaries: segmented output is closer to whole-file output")
    func contextReducesBoundaryJumps() async throws {
        let samples = try TestSupport.speechSamples()
        func run(_ context: Double, _ segment: Double) async throws -> FaceClip {
            var stream = try engine(contextSeconds: context).makeStream()
            return try await TestSupport.runStream(&stream, samples: samples, segmentSeconds: segment)
        }
        let whole = try await run(0, 0)
        let withContext = try await run(0.5, 1.0)
        let without = try await run(0, 1.0)
        func distance(_ a: FaceClip, _ b: FaceClip) -> Float {
            zip(a.values, b.values).map { abs($0 - $1) }.reduce(0, +) / Float(a.values.count)
        }
        #expect(distance(withContext, whole) < distance(without, whole))
    }

    @Test("streams running at once give the same frames as one at a time")
    func concurrentStreams() async throws {
        let samples = try TestSupport.speechSamples()
        let engine = try engine(parallelRuns: 2)
        var reference = engine.makeStream()
        let expected = try await TestSupport.runStream(&reference, samples: samples, segmentSeconds: 0.5)
        try await withThrowingTaskGroup(of: FaceClip.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var stream = engine.makeStream()
                    return try await TestSupport.runStream(&stream, samples: samples, segmentSeconds: 0.5)
                }
            }
            for try await clip in group {
                #expect(clip.values.count == expected.values.count)
                let worst = zip(clip.values, expected.values).map { abs($0 - $1) }.max() ?? 0
                #expect(worst < 1e-5)
            }
        }
    }

    @Test("a cancelled task stops its ORT run and throws CancellationError")
    func cancellation() async throws {
        let engine = try engine()
        let samples = try TestSupport.speechSamples()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            var stream = engine.makeStream()
            return try await stream.infer(
                AudioSegment(startSample: 0, samples: samples, frames: 0..<120, isFinal: true))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        // The engine still works afterwards.
        var stream = engine.makeStream()
        let clip = try await stream.infer(
            AudioSegment(startSample: 0, samples: Array(samples.prefix(8_000)), frames: 0..<15, isFinal: false))
        #expect(clip.frameCount == 15)
    }

    @Test("every session layout gives the same frames", arguments: UnitalkerSessionLayout.allCases)
    func layouts(layout: UnitalkerSessionLayout) async throws {
        let samples = try TestSupport.speechSamples()
        var config = try TestSupport.engineConfig()
        config.parallelRuns = 2
        config.intraOpThreads = 1
        let engine = try UnitalkerEngine(
            config: config, framesPerSecond: 30, baseDirectory: base, sessionLayout: layout, availableCores: 2)
        #expect(engine.parallelRuns == 2)
        #expect(engine.sessionLayout == (layout == .sessionPerRun ? .sessionPerRun : .sharedSession))
        try await engine.warmUp()
        var stream = engine.makeStream()
        let clip = try await TestSupport.runStream(&stream, samples: samples, segmentSeconds: 1.0)
        let data = try Data(contentsOf: TestSupport.fixture("unitalker-tiny-expected.json"))
        let expected = try Self.snakeCaseDecoder.decode(Expected.self, from: data).runs.first {
            $0.name == "segmented"
        }!
        let worst = (0..<clip.frameCount).map { f in (0..<51).map { abs(clip[f, $0] - expected.frames[f][$0]) }.max()! }
            .max()!
        #expect(worst < 1e-4)
    }

    @Test("a segment that owns no frames returns an empty clip but still feeds the context")
    func emptyFrames() async throws {
        let engine = try engine()
        var stream = engine.makeStream()
        let clip = try await stream.infer(
            AudioSegment(startSample: 0, samples: [Float](repeating: 0.1, count: 10), frames: 1..<1, isFinal: false))
        #expect(clip.frameCount == 0)
        #expect(clip.startFrame == 1)
    }

    @Test("an ORT failure during inference is thrown, never turned into zeros")
    func inferenceFailureThrows() async throws {
        var config = try TestSupport.engineConfig()
        config.emoID = 40  // the tiny model has 12 styles
        let engine = try UnitalkerEngine(config: config, framesPerSecond: 30, baseDirectory: base)
        var stream = engine.makeStream()
        let segment = AudioSegment(
            startSample: 0, samples: try Array(TestSupport.speechSamples().prefix(16_000)), frames: 0..<30,
            isFinal: false)
        await #expect {
            _ = try await stream.infer(segment)
        } throws: { error in
            guard case ModelError.inferenceFailed(let reason) = error else { return false }
            return reason.contains("Run failed")
        }
    }

    @Test("a model with a wrongly named input is refused, naming the input")
    func wrongInputName() throws {
        let config = try TestSupport.engineConfig(model: TestSupport.fixture("unitalker-tiny-bad-input.onnx"))
        #expect {
            try UnitalkerEngine(config: config, framesPerSecond: 30, baseDirectory: base)
        } throws: { error in
            guard case ModelError.contractMismatch(_, _, let problems) = error else { return false }
            let text = "\(error)"
            return problems.contains { $0.contains("input 'audio' is missing") }
                && text.contains("input_values") && text.contains("Expected inputs audio float32 [1,N]")
        }
    }

    @Test("a model with 52 output channels is refused")
    func wrongOutputWidth() throws {
        let config = try TestSupport.engineConfig(model: TestSupport.fixture("unitalker-tiny-width52.onnx"))
        #expect {
            try UnitalkerEngine(config: config, framesPerSecond: 30, baseDirectory: base)
        } throws: { error in
            "\(error)".contains("output 0 'blendshapes' is float32 [1,?,52], expected float32 [1,T,51]")
        }
    }

    @Test("a corrupt model file is refused with ORT's reason")
    func corruptModel() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("a2f-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let corrupt = directory.appendingPathComponent("corrupt.onnx")
        try Data(contentsOf: TestSupport.tinyModel).prefix(20_000).write(to: corrupt)
        var config = try TestSupport.engineConfig()
        config.modelPath = "corrupt.onnx"  // relative: resolved against the base directory
        #expect {
            try UnitalkerEngine(config: config, framesPerSecond: 30, baseDirectory: directory)
        } throws: { error in
            guard case ModelError.unreadableModel(let path, let reason) = error else { return false }
            return path == corrupt.path && reason.contains("CreateSession") && "\(error)".contains("download it again")
        }
    }

    @Test("a missing model file names the path and the config key")
    func missingModel() throws {
        var config = try TestSupport.engineConfig()
        config.modelPath = "weights/unitalker_v0.4.0_base.onnx"
        #expect {
            try UnitalkerEngine(config: config, framesPerSecond: 30, baseDirectory: URL(fileURLWithPath: "/srv/a2f"))
        } throws: { error in
            "\(error)".contains("/srv/a2f/weights/unitalker_v0.4.0_base.onnx")
                && "\(error)".contains("engine.unitalker.model_path")
        }
    }

    @Test("a missing ONNX Runtime library says how to install it")
    func missingLibrary() throws {
        var config = try TestSupport.engineConfig()
        config.onnxruntimeLibrary = "/nonexistent/libonnxruntime.so"
        #expect {
            try UnitalkerEngine(config: config, framesPerSecond: 30, baseDirectory: base)
        } throws: { error in
            guard case ModelError.runtimeUnavailable(let reason) = error else { return false }
            return reason.contains("scripts/install-onnxruntime.sh")
                && reason.contains("/nonexistent/libonnxruntime.so")
        }
    }

    @Test("cuda that cannot be enabled stops the engine with ORT's reason, or falls back when allowed")
    func cudaUnavailable() throws {
        guard try !TestSupport.library().availableProviders().contains("CUDAExecutionProvider") else { return }
        var config = try TestSupport.engineConfig()
        config.executionProvider = .cuda
        #expect {
            try UnitalkerEngine(config: config, framesPerSecond: 30, baseDirectory: base)
        } throws: { error in
            guard case ModelError.executionProviderUnavailable(let provider, let reason, _) = error else {
                return false
            }
            return provider == "cuda" && reason.contains("CUDA") && "\(error)".contains("allow_cpu_fallback")
        }
        config.allowCPUFallback = true
        let engine = try UnitalkerEngine(config: config, framesPerSecond: 30, baseDirectory: base)
        #expect(engine.activeExecutionProvider == "cpu")
        #expect(engine.fallbackReason?.contains("CUDA") == true)
    }
}
