/// One stream's blink timing for one blink module, kept in the stream's ``PostprocessContext`` between
/// clips: a private random generator, the frame the next blink starts at, and the blink under way.
///
/// Frames are counted from the start of the stream, and the generator is drawn from only when a blink
/// starts, so the blinks depend on the seed and the stream's frames alone, never on how the stream was cut
/// into clips (a blink begun near the end of one clip carries on in the next).
struct BlinkSchedule: Sendable {
    /// One blink: where it starts in the stream, which animation it plays and for how many frames.
    struct Blink: Sendable, Equatable {
        /// Stream frame of the animation's first row.
        let startFrame: Int
        /// Index of the animation (module-specific).
        let animation: Int
        /// Length of the animation in frames.
        let frameCount: Int
    }

    /// The schedule's own generator, so that several blink modules in one profile never interleave draws.
    private var random: SplitMix64
    /// Stream frame at which the next blink starts.
    private(set) var nextStartFrame: Int
    /// The most recent blink, possibly still under way.
    private(set) var current: Blink?

    /// A new stream's schedule: the first blink starts `intervals` frames after stream frame 0 (so never
    /// at frame 0, as `intervals.lowerBound` is at least 1).
    init(seed: UInt64, intervals: ClosedRange<Int>) {
        random = SplitMix64(seed: seed)
        nextStartFrame = 0
        nextStartFrame = drawInterval(intervals)
    }

    /// A uniform draw from `intervals` that is the same on every platform and Swift version.
    private mutating func drawInterval(_ intervals: ClosedRange<Int>) -> Int {
        let span = UInt64(intervals.upperBound - intervals.lowerBound) + 1
        return intervals.lowerBound + Int(random.next().multipliedFullWidth(by: span).high)
    }

    /// Calls `body` for every blink that shows in the stream frames `frames`, in order, with the part of
    /// `frames` it covers. Blinks that start inside `frames` play `newBlink`; the next start is drawn
    /// from `intervals` as each blink starts. A blink is cut short when the next one starts.
    mutating func forEachBlink(
        overlapping frames: Range<Int>,
        intervals: ClosedRange<Int>,
        newBlink: (animation: Int, frameCount: Int),
        _ body: (Blink, Range<Int>) -> Void
    ) {
        if let current {
            show(current, in: frames, body)
        }
        while nextStartFrame < frames.upperBound {
            let blink = Blink(
                startFrame: nextStartFrame, animation: newBlink.animation, frameCount: newBlink.frameCount)
            current = blink
            nextStartFrame += drawInterval(intervals)
            show(blink, in: frames, body)
        }
    }

    /// Hands `body` the frames of `blink` inside `frames` (none when it ended earlier).
    private func show(_ blink: Blink, in frames: Range<Int>, _ body: (Blink, Range<Int>) -> Void) {
        let end = min(blink.startFrame + blink.frameCount, nextStartFrame, frames.upperBound)
        let start = max(blink.startFrame, frames.lowerBound)
        if start < end {
            body(blink, start..<end)
        }
    }
}
