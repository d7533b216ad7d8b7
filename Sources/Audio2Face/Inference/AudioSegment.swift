/// A contiguous piece of a stream's 16 kHz mono audio, handed to a face engine together with the frames
/// the engine must produce for it.
///
/// Segments of one stream arrive in order and without gaps: each one's `startSample` is the previous
/// one's `endSample`. `frames` is decided by the stream's frame timeline, which already accounts for the
/// engine's look-ahead, so an engine never has to hold frames back.
public struct AudioSegment: Sendable, Equatable {
    /// The engines' common input rate.
    public static let sampleRate = 16_000

    /// Position of `samples[0]` in the stream's 16 kHz sample timeline.
    public var startSample: Int
    /// Mono samples in [-1, 1] at 16 kHz.
    public var samples: [Float]
    /// The stream frame indices the engine must return for this segment (possibly empty).
    public var frames: Range<Int>
    /// True for the stream's last segment: the engine pads whatever look-ahead is missing with silence.
    public var isFinal: Bool

    /// Creates a segment.
    public init(startSample: Int, samples: [Float], frames: Range<Int>, isFinal: Bool) {
        self.startSample = startSample
        self.samples = samples
        self.frames = frames
        self.isFinal = isFinal
    }

    /// Position just past the last sample, in the stream's 16 kHz sample timeline.
    public var endSample: Int { startSample + samples.count }

    /// Duration of this segment's audio in seconds.
    public var durationSeconds: Double { Double(samples.count) / Double(Self.sampleRate) }
}
