/// Per-stream behaviour: frame rate, response chunking, wire data type, idle expiry and segmentation.
public struct StreamingConfig: Codable, Sendable, Equatable {
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

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case framesPerSecond = "frames_per_second"
        case responseChunkFrames = "response_chunk_n_frames"
        case maxResponseChunkFrames = "max_response_chunk_n_frames"
        case dtype
        case requestExpireSeconds = "request_expire_seconds"
        case segmentation
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        framesPerSecond = try container.decode(.framesPerSecond, default: defaults.framesPerSecond)
        responseChunkFrames = try container.decode(.responseChunkFrames, default: defaults.responseChunkFrames)
        maxResponseChunkFrames = try container.decode(
            .maxResponseChunkFrames, default: defaults.maxResponseChunkFrames)
        dtype = try container.decode(.dtype, default: defaults.dtype)
        requestExpireSeconds = try container.decode(.requestExpireSeconds, default: defaults.requestExpireSeconds)
        segmentation = try container.decode(.segmentation, default: defaults.segmentation)
    }

    /// Checks every field's range; `keyPrefix` is this section's dotted path.
    public func validate(keyPrefix: String) throws(ConfigError) {
        try requireValue(framesPerSecond, in: 1...240, key: "\(keyPrefix).frames_per_second")
        try requireValue(maxResponseChunkFrames, in: 1...100_000, key: "\(keyPrefix).max_response_chunk_n_frames")
        try requireValue(
            responseChunkFrames, in: 1...maxResponseChunkFrames, key: "\(keyPrefix).response_chunk_n_frames")
        try requireValue(requestExpireSeconds, in: 0.1...86_400, key: "\(keyPrefix).request_expire_seconds")
        try segmentation.validate(keyPrefix: "\(keyPrefix).segmentation")
    }
}
