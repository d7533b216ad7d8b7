/// What every stream of a running service shares: the engine's output shape, the streaming settings and
/// the postprocessing library. Immutable; built once at start-up.
public struct StreamEnvironment: Sendable {
    /// The engine all streams use.
    public let engine: any FaceEngine
    /// Streaming settings.
    public let streaming: StreamingConfig
    /// Profiles and their modules.
    public let postprocess: PostprocessLibrary
    /// Per-stream limits.
    public let limits: LimitsConfig
    /// Where streams report their metrics.
    public var metrics: StreamMetrics = .disabled

    /// Creates an environment; the library must accept the engine's channel names.
    public init(
        engine: any FaceEngine, streaming: StreamingConfig, postprocess: PostprocessLibrary,
        limits: LimitsConfig = LimitsConfig()
    ) throws {
        try postprocess.validate(engineChannelNames: engine.channelNames)
        self.engine = engine
        self.streaming = streaming
        self.postprocess = postprocess
        self.limits = limits
    }
}
