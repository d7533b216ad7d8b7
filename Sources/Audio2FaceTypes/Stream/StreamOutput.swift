/// What a stream produces for its client, independent of the transport and its encoding.
public enum StreamOutput: Sendable, Equatable {
    /// Sent once before any frames: the output channel names of the stream's profile.
    case started(channelNames: [String])
    /// A run of consecutive frames (at most the stream's chunk size).
    case frames(FaceClip)
    /// All audio has been answered.
    case ended
}
