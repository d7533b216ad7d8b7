import Foundation
import Testing

@testable import Audio2Face

@Suite("BuiltinEngineStream")
struct BuiltinEngineStreamTests {
    /// Streams `samples` through a fresh engine stream in chunks of the given sizes (the last chunk is
    /// final; `emptyFinal` adds an empty final segment instead), with frames handed out by a
    /// `FrameTimeline` exactly as the streaming session does, and checks every returned clip.
    static func stream(
        _ samples: [Float], chunkSizes: some Sequence<Int>, engine: BuiltinEngine, emptyFinal: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> FaceClip {
        var timeline = FrameTimeline(framesPerSecond: engine.framesPerSecond, lookaheadSamples: engine.lookaheadSamples)
        var stream = engine.makeStream()
        var output = FaceClip(zeroFrames: 0, channelNames: BlendshapeNames.arkit51)
        var start = 0
        var sizes = chunkSizes.makeIterator()
        while start < samples.count || (emptyFinal && start == samples.count) {
            let size = max(0, sizes.next() ?? samples.count)
            let end = min(samples.count, start + size)
            let isFinal = emptyFinal ? (start == samples.count) : (end == samples.count)
            let frames = timeline.claimFrames(throughSample: end, isFinal: isFinal)
            let segment = AudioSegment(
                startSample: start, samples: Array(samples[start..<end]), frames: frames, isFinal: isFinal)
            let clip = try await stream.infer(segment)
            #expect(clip.frameCount == frames.count, sourceLocation: sourceLocation)
            #expect(clip.startFrame == frames.lowerBound, sourceLocation: sourceLocation)
            #expect(clip.channelNames == BlendshapeNames.arkit51, sourceLocation: sourceLocation)
            #expect(clip.values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, sourceLocation: sourceLocation)
            try output.append(clip)
            start = end
            if isFinal { break }
        }
        return output
    }

    static func largestDifference(_ a: FaceClip, _ b: FaceClip) -> Float {
        zip(a.values, b.values).map { abs($0 - $1) }.max() ?? 0
    }

    static func randomSizes(seed: UInt64, upTo limit: Int) -> [Int] {
        var generator = BuiltinTestRandom(seed: seed)
        return (0..<100_000).map { _ in Int.random(in: 0...limit, using: &generator) }
    }

    @Test(
        "any chunking gives the offline frames (within 1e-3)",
        arguments: [
            ("1 sample", Array(repeating: 1, count: 100_000)),
            ("333 samples", Array(repeating: 333, count: 1_000)),
            ("random 0…2000", BuiltinEngineStreamTests.randomSizes(seed: 7, upTo: 2_000)),
            ("random 0…200", BuiltinEngineStreamTests.randomSizes(seed: 8, upTo: 200)),
            ("whole file", [Int.max]),
        ])
    func chunkingDoesNotChangeFrames(name: String, sizes: [Int]) async throws {
        let engine = BuiltinEngine()
        let samples = try SpeechFixture.load("us-3").samples
        let offline = engine.animate(samples)
        let streamed = try await Self.stream(samples, chunkSizes: sizes, engine: engine)
        #expect(streamed.frameCount == offline.frameCount, "\(name)")
        #expect(Self.largestDifference(streamed, offline) <= 1e-3, "\(name)")
    }

    @Test("chunking is irrelevant at other frame rates and with an empty final segment", arguments: [25.0, 60, 100])
    func otherFrameRates(framesPerSecond: Double) async throws {
        let engine = BuiltinEngine(framesPerSecond: framesPerSecond)
        let samples = try SpeechFixture.load("gb-f3-2").samples
        let offline = engine.animate(samples)
        let streamed = try await Self.stream(
            samples, chunkSizes: Self.randomSizes(seed: 11, upTo: 700), engine: engine, emptyFinal: true)
        #expect(streamed.frameCount == offline.frameCount)
        #expect(Self.largestDifference(streamed, offline) <= 1e-3)
    }

    @Test("each stream carries its own state: interleaved streams equal separate ones")
    func streamsAreIndependent() async throws {
        let engine = BuiltinEngine()
        let first = try SpeechFixture.load("us-1").samples
        let second = try SpeechFixture.load("gb-f3-4").samples
        var timelines = [FrameTimeline](
            repeating: FrameTimeline(framesPerSecond: 30, lookaheadSamples: engine.lookaheadSamples), count: 2)
        var streams = [engine.makeStream(), engine.makeStream()]
        var outputs = [FaceClip](repeating: FaceClip(zeroFrames: 0, channelNames: BlendshapeNames.arkit51), count: 2)
        let inputs = [first, second]
        var starts = [0, 0]
        while starts[0] < inputs[0].count || starts[1] < inputs[1].count {
            for index in 0..<2 where starts[index] < inputs[index].count {
                let end = min(inputs[index].count, starts[index] + 1_234)
                let isFinal = end == inputs[index].count
                let frames = timelines[index].claimFrames(throughSample: end, isFinal: isFinal)
                let segment = AudioSegment(
                    startSample: starts[index], samples: Array(inputs[index][starts[index]..<end]), frames: frames,
                    isFinal: isFinal)
                try outputs[index].append(try await streams[index].infer(segment))
                starts[index] = end
            }
        }
        #expect(outputs[0].values == engine.animate(first).values)
        #expect(outputs[1].values == engine.animate(second).values)
    }

    @Test("the value type copies its state: a copied stream continues independently")
    func streamIsAValue() throws {
        let engine = BuiltinEngine()
        let samples = try SpeechFixture.load("us-4").samples
        let half = samples.count / 2
        var timeline = FrameTimeline(framesPerSecond: 30, lookaheadSamples: engine.lookaheadSamples)
        var original = engine.makeBuiltinStream()
        _ = original.process(
            AudioSegment(
                startSample: 0, samples: Array(samples[..<half]),
                frames: timeline.claimFrames(throughSample: half, isFinal: false), isFinal: false))
        var copy = original
        let tailFrames = timeline.claimFrames(throughSample: samples.count, isFinal: true)
        let tail = AudioSegment(startSample: half, samples: Array(samples[half...]), frames: tailFrames, isFinal: true)
        let fromCopy = copy.process(tail)
        let fromOriginal = original.process(tail)
        #expect(fromCopy == fromOriginal)
    }

    @Test("segments without frames, a gap and a repeated start are handled without crashing")
    func irregularSegments() {
        let engine = BuiltinEngine()
        var stream = engine.makeBuiltinStream()
        let vowel = SyntheticAudio.vowel(formants: [700, 1200, 2600], seconds: 0.5)
        // Zero-frame segment.
        var clip = stream.process(
            AudioSegment(startSample: 0, samples: Array(vowel[..<100]), frames: 0..<0, isFinal: false))
        #expect(clip.frameCount == 0 && clip.startFrame == 0)
        // A gap of 1 000 samples (filled with silence), then frames.
        clip = stream.process(
            AudioSegment(startSample: 1_100, samples: Array(vowel[1_100...]), frames: 0..<14, isFinal: false))
        #expect(clip.frameCount == 14)
        // Audio already seen is skipped; the final segment pads the look-ahead.
        clip = stream.process(
            AudioSegment(startSample: 7_900, samples: Array(vowel[7_900...]), frames: 14..<15, isFinal: true))
        #expect(clip.frameCount == 1 && clip.startFrame == 14)
        #expect(clip.values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
    }

    @Test("frames claimed with too little look-ahead still come back, showing the latest pose")
    func framesBeyondTheAudio() {
        var stream = BuiltinEngine().makeBuiltinStream()
        let clip = stream.process(
            AudioSegment(startSample: 0, samples: [Float](repeating: 0.1, count: 200), frames: 0..<5, isFinal: false))
        #expect(clip.frameCount == 5)
    }
}
