import Testing

@testable import Audio2Face

@Suite struct FrameTimelineTests {
    @Test("frames handed out over any cuts add up to ceil(duration × fps) with no gaps")
    func noDrift() {
        var timeline = FrameTimeline(framesPerSecond: 30, lookaheadSamples: 160)
        var next = 0
        var position = 0
        for length in [7_777, 1, 533, 534, 16_000, 12_345] {
            position += length
            let range = timeline.claimFrames(throughSample: position, isFinal: false)
            #expect(range.lowerBound == next)
            next = range.upperBound
        }
        position += 999
        let last = timeline.claimFrames(throughSample: position, isFinal: true)
        #expect(last.lowerBound == next)
        #expect(last.upperBound == Int((Double(position) * 30 / 16_000).rounded(.up)))
    }

    @Test("a frame waits for its look-ahead")
    func lookahead() {
        var timeline = FrameTimeline(framesPerSecond: 30, lookaheadSamples: 160)
        // Frame 1 is at sample 533.3; it needs samples up to 693.3.
        #expect(timeline.claimFrames(throughSample: 693, isFinal: false) == 0..<1)
        #expect(timeline.claimFrames(throughSample: 694, isFinal: false) == 1..<2)
    }
}
