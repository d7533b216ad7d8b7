/// What a client asks for when it opens a stream (the reference's ChunkStart fields).
public struct StreamStart: Sendable, Equatable {
    /// The client's name for the stream, echoed in logs.
    public var requestID: String
    /// Samples per second per channel.
    public var sampleRate: Int
    /// Bytes per sample.
    public var sampleWidth: Int
    /// Interleaved channels.
    public var channelCount: Int
    /// Postprocessing profile; empty or unknown means the first configured profile.
    public var profileName: String
    /// Frames per response body; 0 means the server default.
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

/// A decoded client message, independent of the wire encoding.
public enum ClientMessage: Sendable, Equatable {
    /// Opens the stream.
    case start(StreamStart)
    /// Carries PCM bytes and optionally a new emotion preset name (empty means unchanged).
    case body(pcm: [UInt8], offsetName: String)
    /// No more audio will come.
    case end
}

/// A message for the client, independent of the wire encoding.
public enum ServerMessage: Sendable, Equatable {
    /// Sent once before any frames: the output channel names and the frame data type.
    case start(channelNames: [String], dtype: FrameDataType)
    /// A run of consecutive frames (at most the stream's chunk size).
    case body(FaceClip)
    /// All audio has been answered.
    case end
}

/// Something that ends a stream early; the server turns each case into a WebSocket close code.
public enum StreamError: Error, Equatable, CustomStringConvertible {
    /// The client broke the message order or sent something undecodable (close 1008).
    case protocolViolation(String)
    /// The declared audio format cannot be processed (close 1008).
    case unsupportedFormat(AudioFormatError)
    /// The stream sent nothing for too long (close 1008).
    case idleTimeout(seconds: Double)
    /// A reply to the client could not be delivered for that long: it stopped reading (close 1008).
    case clientNotReading(seconds: Double)
    /// The stream went past a configured limit, such as its longest duration (close 1008).
    case limitExceeded(String)
    /// The engine failed on a segment (close 1011).
    case inferenceFailed(String)
    /// Postprocessing failed (close 1011).
    case postprocessFailed(String)

    public var description: String {
        switch self {
        case .protocolViolation(let reason): reason
        case .unsupportedFormat(let error): error.description
        case .idleTimeout(let seconds): "stream idle for more than \(seconds) s; closed"
        case .clientNotReading(let seconds): "client stopped reading: a reply waited more than \(seconds) s; closed"
        case .limitExceeded(let reason): reason
        case .inferenceFailed(let reason): "inference failed: \(reason)"
        case .postprocessFailed(let reason): "postprocessing failed: \(reason)"
        }
    }
}
