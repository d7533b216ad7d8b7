/// The built-in lip-sync engine: real-time signal processing that turns 16 kHz speech into the same
/// 51 ARKit channels as the UniTalker model, with nothing to download.
///
/// Per 10 ms hop it measures loudness, voicing, band energies and formants, maps them to mouth shapes
/// (jaw, lip closure, rounding, spreading) and smooths them with a fast attack and a slower release;
/// see `docs/engines.md`. It needs one hop (160 samples) of look-ahead and keeps each stream's state in
/// a ``BuiltinEngineStream``.
public struct BuiltinEngine: FaceEngine {
    /// The tuning in use.
    public let config: BuiltinEngineConfig
    public let framesPerSecond: Double
    private let analyzer: SpectralAnalyzer
    private let voicing: VoicingDetector

    /// Creates the engine; `framesPerSecond` must be positive.
    public init(config: BuiltinEngineConfig = .init(), framesPerSecond: Double = 30) {
        precondition(framesPerSecond > 0 && framesPerSecond.isFinite, "frame rate \(framesPerSecond) must be positive")
        self.config = config
        self.framesPerSecond = framesPerSecond
        analyzer = SpectralAnalyzer()
        voicing = VoicingDetector()
    }

    public var kind: String { "builtin" }

    public var channelNames: [String] { BlendshapeNames.arkit51 }

    public var lookaheadSamples: Int { BuiltinEngineStream.hopLength }
    /// Streamed output equals offline output for any cuts, so streams skip pause-based segmentation.
    public var isSegmentationIndependent: Bool { true }

    /// Nothing to load: the tables are built at init.
    public func warmUp() async throws {}

    public func makeStream() -> any FaceEngineStream {
        makeBuiltinStream()
    }

    /// A new stream state with its concrete type (for callers that want the synchronous
    /// ``BuiltinEngineStream/process(_:)``).
    public func makeBuiltinStream() -> BuiltinEngineStream {
        BuiltinEngineStream(config: config, framesPerSecond: framesPerSecond, analyzer: analyzer, voicing: voicing)
    }

    /// Animates a whole recording at once (16 kHz mono samples in [-1, 1]): every frame k with
    /// k / fps inside the audio.
    public func animate(_ samples: [Float]) -> FaceClip {
        var timeline = FrameTimeline(framesPerSecond: framesPerSecond, lookaheadSamples: lookaheadSamples)
        let frames = timeline.claimFrames(throughSample: samples.count, isFinal: true)
        var stream = makeBuiltinStream()
        return stream.process(AudioSegment(startSample: 0, samples: samples, frames: frames, isFinal: true))
    }
}
