import Audio2Face
import Foundation

/// Measures whether ONNX Runtime work grows this process's resident memory: UniTalker engines loaded and
/// released one after another (each session made and freed), then many runs of one engine. Memory is
/// sampled after every tenth of a loop, and the verdict is the growth over the loop's second half: the
/// allocators' warm-up settles in the first half, while a leaked session or output per iteration grows
/// memory at the same rate to the end. This is the memory half of the ORT leak check; the test suite
/// keeps the exact half (the count of live ORT objects).
struct ORTMemoryBenchmark {
    let config: UnitalkerEngineConfig
    let baseDirectory: URL
    let framesPerSecond: Double

    /// One measured loop.
    struct Phase: Codable {
        var name: String
        var iterations: Int
        /// Resident bytes before the loop and after each tenth of it (11 samples).
        var residentSamples: [Int]
        /// The most the second half of the loop may add to resident memory.
        var limitBytes: Int

        /// Growth over the second half of the loop.
        var secondHalfGrowthBytes: Int { (residentSamples.last ?? 0) - residentSamples[residentSamples.count / 2] }
        var passed: Bool { secondHalfGrowthBytes < limitBytes }
    }

    /// Loads and releases `count` engines, each running one short segment.
    func engineCycles(_ count: Int, limitBytes: Int) async throws -> Phase {
        let input = segment(seconds: 0.2)
        let samples = try await sampled(count) {
            let engine = try UnitalkerEngine(
                config: config, framesPerSecond: framesPerSecond, baseDirectory: baseDirectory)
            var stream = engine.makeStream()
            _ = try await stream.infer(input)
        }
        return Phase(
            name: "engines loaded and released", iterations: count, residentSamples: samples, limitBytes: limitBytes)
    }

    /// Runs `count` ten-second segments through one engine.
    func runs(_ count: Int, limitBytes: Int) async throws -> Phase {
        let engine = try UnitalkerEngine(config: config, framesPerSecond: framesPerSecond, baseDirectory: baseDirectory)
        let input = segment(seconds: 10)
        let samples = try await sampled(count) {
            var stream = engine.makeStream()
            _ = try await stream.infer(input)
        }
        return Phase(
            name: "10 s runs of one engine", iterations: count, residentSamples: samples, limitBytes: limitBytes)
    }

    /// Runs `iteration` `count` times, reading resident memory before and after each tenth.
    private func sampled(_ count: Int, _ iteration: () async throws -> Void) async throws -> [Int] {
        var samples = [residentBytes()]
        for tenth in 1...10 {
            for _ in (count * (tenth - 1) / 10)..<(count * tenth / 10) { try await iteration() }
            samples.append(residentBytes())
        }
        return samples
    }

    /// A whole stream of `seconds` of a sawtooth (not silence, so that every layer computes).
    private func segment(seconds: Double) -> AudioSegment {
        let count = Int(seconds * Double(AudioSegment.sampleRate))
        var timeline = FrameTimeline(framesPerSecond: framesPerSecond, lookaheadSamples: 0)
        return AudioSegment(
            startSample: 0, samples: (0..<count).map { Float(($0 % 97) - 48) / 48 },
            frames: timeline.claimFrames(throughSample: count, isFinal: true), isFinal: true)
    }

    private func residentBytes() -> Int {
        ProcessProbe.current.residentBytes() ?? 0
    }
}
