import Testing

@testable import Audio2Face

@Suite struct SegmenterTests {
    private func cuts(_ samples: [Float], config: SegmentationConfig = .init(), chunk: Int = 640) -> [Int] {
        var segmenter = Segmenter(config: config)
        var lengths: [Int] = []
        for start in stride(from: 0, to: samples.count, by: chunk) {
            lengths += segmenter.append(Array(samples[start..<min(start + chunk, samples.count)])).map(\.samples.count)
        }
        return lengths
    }

    @Test("a pause after the minimum length cuts there")
    func cutsAtPause() {
        let speech =
            Signals.sine(frequency: 200, seconds: 0.7) + Signals.silence(seconds: 0.2)
            + Signals.sine(frequency: 200, seconds: 0.5)
        let lengths = cuts(speech)
        let first = try! #require(lengths.first)
        // The first quiet window lies wholly in the pause that starts at 0.7 s; cut = window + hop.
        #expect(first >= 11_200 && first <= 11_200 + 240)
    }

    @Test("no pause before the minimum: the cut waits for min_segment_seconds")
    func respectsMinimum() {
        let speech = Signals.sine(frequency: 200, seconds: 0.1) + Signals.silence(seconds: 1.0)
        let lengths = cuts(speech)
        #expect(lengths.first == 8_000)
    }

    @Test("continuous sound is cut at most max_segment_seconds apart, at the quietest place")
    func forcedCuts() {
        // Loud tone with short dips every 0.37 s: never quiet enough to split, but dips are the quietest.
        var samples = Signals.sine(frequency: 180, seconds: 5, amplitude: 0.5)
        for dip in stride(from: 5_920, to: samples.count - 200, by: 5_920) {
            for index in dip..<(dip + 160) { samples[index] *= 0.1 }
        }
        let lengths = cuts(samples)
        #expect(lengths.count >= 4)
        for length in lengths { #expect(length <= 16_000 && length >= 16_000 - 4_800) }
    }

    @Test("how audio is chunked does not change the cuts", arguments: [1, 160, 333, 16_000])
    func chunkingInvariance(chunk: Int) {
        let speech =
            Signals.sine(frequency: 220, seconds: 0.8) + Signals.silence(seconds: 0.1)
            + Signals.sine(frequency: 220, seconds: 2.2) + Signals.silence(seconds: 0.3)
        #expect(cuts(speech, chunk: chunk) == cuts(speech, chunk: speech.count))
    }

    @Test("flush returns the rest, positions add up")
    func flush() {
        var segmenter = Segmenter(config: .init())
        let pieces = segmenter.append(Signals.sine(frequency: 200, seconds: 2.5))
        let rest = segmenter.flush()
        #expect(rest.startSample == pieces.map(\.samples.count).reduce(0, +))
        #expect(rest.startSample + rest.samples.count == 40_000)
    }
}

@Suite struct ImmediateSegmenterTests {
    @Test("with cutsEveryChunk every chunk is a segment at once, positions contiguous")
    func everyChunk() {
        var segmenter = Segmenter(config: .init(), cutsEveryChunk: true)
        let first = segmenter.append(Signals.sine(frequency: 200, seconds: 0.04))
        let empty = segmenter.append([])
        let second = segmenter.append(Signals.sine(frequency: 200, seconds: 0.02))
        #expect(first.map(\.startSample) == [0])
        #expect(first.map(\.samples.count) == [640])
        #expect(empty.isEmpty)
        #expect(second.map(\.startSample) == [640])
        #expect(segmenter.flush().startSample == 960)
    }
}
