import Audio2FaceTypes

/// The `class_name` values of the wire protocol, exactly as the reference service spells them.
public enum WireClassName {
    /// Client: opens a stream.
    public static let chunkStart = "StreamingAudio2FaceV1ChunkStart"
    /// Client: carries PCM bytes.
    public static let chunkBody = "StreamingAudio2FaceV1ChunkBody"
    /// Client: no more audio.
    public static let chunkEnd = "StreamingAudio2FaceV1ChunkEnd"
    /// Server: channel names and dtype, before any frames.
    public static let responseStart = "Audio2FaceV1ResponseChunkStart"
    /// Server: a run of frames.
    public static let responseBody = "Audio2FaceV1ResponseChunkBody"
    /// Server: all audio answered.
    public static let responseEnd = "Audio2FaceV1ResponseChunkEnd"
}

extension MessageOrderViolation {
    /// The violation in the seed protocol's own message names, as its clients read them.
    public var wireDescription: String {
        switch self {
        case .startMissing: "the first message must be \(WireClassName.chunkStart)"
        case .startRepeated: "\(WireClassName.chunkStart) was sent twice"
        case .afterEnd: "no message may follow \(WireClassName.chunkEnd)"
        }
    }
}
