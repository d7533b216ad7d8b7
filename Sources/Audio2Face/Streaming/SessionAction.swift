/// What a ``StreamSession`` asks its driver to do after an event.
public enum SessionAction: Sendable, Equatable {
    /// Send this message to the client.
    case send(ServerMessage)
    /// Run the engine on this segment, then report the clip with ``StreamSession/inferred(_:)``.
    case infer(AudioSegment)
    /// The stream is complete; close the connection normally.
    case finish
}
