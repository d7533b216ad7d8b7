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
    /// Prepares the engine for its first real request (loads, allocates, runs a dummy inference).
    func warmUp() async throws
    /// Creates the state for one new stream.
    func makeStream() -> any FaceEngineStream
}

/// One stream's use of an engine: it receives that stream's segments in order and may carry state from
/// one segment to the next (analysis history, smoothing, audio context).
public protocol FaceEngineStream: Sendable {
    /// Computes exactly `segment.frames.count` frames, with `startFrame == segment.frames.lowerBound` and
    /// the engine's `channelNames`.
    mutating func infer(_ segment: AudioSegment) async throws -> FaceClip
}
