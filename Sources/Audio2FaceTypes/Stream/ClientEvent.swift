/// One thing a client tells a stream, independent of the transport that carried it. Each transport's
/// adapter turns its own messages into these (one wire message may stand for several events, such as a
/// preset change followed by audio).
public enum ClientEvent: Sendable, Equatable {
    /// Opens the stream.
    case start(StreamStart)
    /// Interleaved little-endian PCM bytes in the start's format (may end mid-sample).
    case audio([UInt8])
    /// Switches the emotion preset for audio that follows (a preset name such as `happiness_3`).
    case emotion(String)
    /// No more audio will come.
    case end
}

extension ClientEvent {
    /// Whether the event moves the stream on: a start, an end, or audio with at least one byte. A preset
    /// change or an empty audio chunk does not (so they cannot keep an idle stream alive).
    public var advancesStream: Bool {
        switch self {
        case .start, .end: true
        case .audio(let bytes): !bytes.isEmpty
        case .emotion: false
        }
    }
}
