/// The stream's frame clock: frame k shows the audio at time k / fps from the start of the stream, in
/// 16 kHz samples, so frame indices never drift whatever the segment boundaries are.
public struct FrameTimeline: Sendable, Equatable {
    /// Output frames per second.
    public let framesPerSecond: Double
    /// Samples past a frame's time the engine needs before that frame can be computed.
    public let lookaheadSamples: Int
    /// Frames handed out so far (the next segment's first frame).
    public private(set) var nextFrame = 0

    /// Creates a timeline at `framesPerSecond` for an engine needing `lookaheadSamples` of look-ahead.
    public init(framesPerSecond: Double, lookaheadSamples: Int) {
        self.framesPerSecond = framesPerSecond
        self.lookaheadSamples = lookaheadSamples
    }

    /// The sample position (16 kHz) of frame `frame`'s time, `frame × 16000 / fps`.
    public func samplePosition(ofFrame frame: Int) -> Double {
        Double(frame) * Double(AudioSegment.sampleRate) / framesPerSecond
    }

    /// Number of frames in a stream of `sampleCount` samples: every k with k / fps inside the audio.
    public func totalFrameCount(forSampleCount sampleCount: Int) -> Int {
        Int((Double(sampleCount) * framesPerSecond / Double(AudioSegment.sampleRate)).rounded(.up))
    }

    /// Number of frames in a stream of `frameCount` input frames at `sampleRate`: every k with
    /// k / fps inside the audio, counted from the input itself so that resampling (which rounds its
    /// output length up) never adds a frame.
    public func totalFrameCount(forInputFrames frameCount: Int, sampleRate: Int) -> Int {
        Int((Double(frameCount) * framesPerSecond / Double(sampleRate)).rounded(.up))
    }

    /// Hands out every frame left up to `total` (the stream's exact frame count) at the end of a stream.
    public mutating func claimFinalFrames(total: Int) -> Range<Int> {
        let range = nextFrame..<max(nextFrame, total)
        nextFrame = range.upperBound
        return range
    }

    /// Hands out the frames that audio up to `endSample` allows: frame k is ready once sample
    /// `k × 16000 / fps + lookaheadSamples` has arrived, or, when `isFinal`, every remaining frame.
    public mutating func claimFrames(throughSample endSample: Int, isFinal: Bool) -> Range<Int> {
        let end = totalFrameCount(forSampleCount: isFinal ? endSample : max(0, endSample - lookaheadSamples))
        let range = nextFrame..<max(nextFrame, end)
        nextFrame = range.upperBound
        return range
    }
}
