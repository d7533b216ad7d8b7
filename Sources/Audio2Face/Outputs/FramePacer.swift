/// When each frame of a stream goes out to a live output: frame k at k / fps after the stream's first
/// frame, so a receiver sees the animation at the speed of the audio however the frames arrive (the
/// engine answers in segments, in bursts). A frame that becomes available after its time goes out at
/// once and moves the schedule back by its lateness, so the frames after it keep their spacing instead of
/// catching up in a burst. A value type on injected instants: its decisions are tested without waiting.
public struct FramePacer<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// The stream's frame rate.
    public let framesPerSecond: Double
    /// The time frame 0 is (or would have been) due; nil before the first frame.
    private var origin: Instant?

    /// A pacer for frames at `framesPerSecond` (positive).
    public init(framesPerSecond: Double) {
        precondition(framesPerSecond > 0, "a frame rate must be positive")
        self.framesPerSecond = framesPerSecond
    }

    /// The time frame `frameIndex` (of the stream's timeline) should be sent, given it became available
    /// at `now`: never before `now`, and 1 / fps after the previous frame when frames are available early.
    public mutating func sendTime(forFrame frameIndex: Int, availableAt now: Instant) -> Instant {
        let offset = Duration.seconds(Double(frameIndex) / framesPerSecond)
        if let origin {
            let due = origin.advanced(by: offset)
            if now < due { return due }
        }
        origin = now.advanced(by: .zero - offset)
        return now
    }
}
