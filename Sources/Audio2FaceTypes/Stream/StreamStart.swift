/// What a client asks for when it opens a stream, whatever the transport.
public struct StreamStart: Sendable, Equatable {
    /// The client's name for the stream, echoed in logs.
    public var requestID: String
    /// Samples per second per channel.
    public var sampleRate: Int
    /// Bytes per sample.
    public var sampleWidth: Int
    /// Interleaved channels.
    public var channelCount: Int
    /// Postprocessing profile; empty or unknown means the configured default profile.
    public var profileName: String
    /// Frames per output run; 0 means the server default.
    public var responseChunkFrames: Int

    /// Creates a start request.
    public init(
        requestID: String, sampleRate: Int = 16_000, sampleWidth: Int = 2, channelCount: Int = 1,
        profileName: String = "", responseChunkFrames: Int = 0
    ) {
        self.requestID = requestID
        self.sampleRate = sampleRate
        self.sampleWidth = sampleWidth
        self.channelCount = channelCount
        self.profileName = profileName
        self.responseChunkFrames = responseChunkFrames
    }
}
