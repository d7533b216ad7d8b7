import Audio2FaceTypes

/// A client message of the seed's WebSocket protocol, decoded.
public enum WireClientMessage: Sendable, Equatable {
    /// `StreamingAudio2FaceV1ChunkStart`: opens the stream.
    case start(StreamStart)
    /// `StreamingAudio2FaceV1ChunkBody`: PCM bytes and optionally a new emotion preset (empty: unchanged).
    case body(pcm: [UInt8], offsetName: String)
    /// `StreamingAudio2FaceV1ChunkEnd`: no more audio.
    case end

    /// The transport-neutral events this message stands for (a body's preset comes before its audio).
    public var events: [ClientEvent] {
        switch self {
        case .start(let start): [.start(start)]
        case .body(let pcm, let offsetName): (offsetName.isEmpty ? [] : [.emotion(offsetName)]) + [.audio(pcm)]
        case .end: [.end]
        }
    }

    /// Whether the message moves the stream on (see ``ClientEvent/advancesStream``): a start, an end, or
    /// a body that carries audio. A body with no PCM bytes (only a preset change, or nothing) does not.
    public var advancesStream: Bool { events.contains(where: \.advancesStream) }
}

/// A server message of the seed's WebSocket protocol, decoded (clients and tests).
public enum WireServerMessage: Sendable, Equatable {
    /// `Audio2FaceV1ResponseChunkStart`: channel names and the element type of every body.
    case start(channelNames: [String], dtype: FrameDataType)
    /// `Audio2FaceV1ResponseChunkBody`: a run of frames.
    case body(FaceClip)
    /// `Audio2FaceV1ResponseChunkEnd`: all audio answered.
    case end
}
