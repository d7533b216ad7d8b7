/// Per-stream behaviour (YAML section `streaming`): frame rate, response chunking, wire data type, idle
/// expiry, segmentation and the default profile.
public struct StreamingConfig: ConfigSection, Sendable, Equatable {
    /// Output frames per second.
    public var framesPerSecond: Double = 30
    /// Frames per response body when the client sends 0 (reference: 10).
    public var responseChunkFrames: Int = 10
    /// Largest `response_chunk_n_frames` a client may ask for.
    public var maxResponseChunkFrames: Int = 3_000
    /// Element type of frame data sent to clients.
    public var dtype: FrameDataType = .float16
    /// A stream that sends nothing for this many seconds is closed and forgotten.
    public var requestExpireSeconds: Double = 10
    /// How audio is cut into segments.
    public var segmentation = SegmentationConfig()
    /// Profile answered for an empty or unknown `profile_name` (must be one of `postprocess.profiles`).
    public var defaultProfile: String = "arkit-default"

    /// The defaults.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("frames_per_second", \.framesPerSecond, .range(1...240)),
            ConfigField("response_chunk_n_frames", \.responseChunkFrames, .range(1...100_000)),
            ConfigField("max_response_chunk_n_frames", \.maxResponseChunkFrames, .range(1...100_000)),
            ConfigField("dtype", \.dtype),
            ConfigField("request_expire_seconds", \.requestExpireSeconds, .range(0.1...86_400)),
            ConfigField(section: "segmentation", \.segmentation),
            ConfigField("default_profile", \.defaultProfile),
        ]
    }

    /// The default chunk fits within what a client may ask for.
    func validateRelations(key: String) throws(ConfigError) {
        if responseChunkFrames > maxResponseChunkFrames {
            throw .invalidValue(
                key: "\(key).response_chunk_n_frames",
                message: "\(responseChunkFrames) is above max_response_chunk_n_frames (\(maxResponseChunkFrames))")
        }
    }
}
