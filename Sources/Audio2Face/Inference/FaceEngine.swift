/// Turns 16 kHz mono speech into blendshape frames. One engine instance is shared by all streams; the
/// per-stream state lives in the ``FaceEngineStream`` it makes.
public protocol FaceEngine: Sendable {
    /// A short name for logs and metrics (`builtin`, `unitalker`).
    var kind: String { get }
    /// Output channel names, in column order.
    var channelNames: [String] { get }
    /// Output frame rate.
    var framesPerSecond: Double { get }
    /// How many 16 kHz samples past a frame's time the engine needs before it can compute that frame.
    var lookaheadSamples: Int { get }
    /// True when the engine's frames do not depend on where the audio is cut into segments (it carries
    /// all its state from one segment to the next). Its streams then get every chunk as soon as it
    /// arrives, instead of waiting for a pause or the maximum segment length: the lowest latency.
    var isSegmentationIndependent: Bool { get }
    /// Prepares the engine for its first real request (loads, allocates, runs a dummy inference).
    func warmUp() async throws
    /// Creates the state for one new stream.
    func makeStream() -> any FaceEngineStream
}

extension FaceEngine {
    /// Engines that look at whole segments (such as a neural model) depend on segmentation.
    public var isSegmentationIndependent: Bool { false }
}

/// One stream's use of an engine: it receives that stream's segments in order and may carry state from
/// one segment to the next (analysis history, smoothing, audio context).
public protocol FaceEngineStream: Sendable {
    /// Computes exactly `segment.frames.count` frames, with `startFrame == segment.frames.lowerBound` and
    /// the engine's `channelNames`.
    mutating func infer(_ segment: AudioSegment) async throws -> FaceClip
}
