/// What a ``StreamSession`` asks its driver to do after an event, in order.
public enum SessionAction: Sendable, Equatable {
    /// Deliver this output to the client.
    case emit(StreamOutput)
    /// Run the engine on this segment, then hand the clip back as ``SessionEvent/inferred(_:)``.
    case infer(AudioSegment)
    /// Something worth logging or counting happened; the client is not told.
    case notice(StreamNotice)
    /// The stream is complete; end it normally.
    case finish
}

/// What a session reports beside its output, for the driver's logs and metrics.
public enum StreamNotice: Sendable, Equatable {
    /// The stream started with this request, answered by profile `profileName`.
    case started(StreamStart, profileName: String)
    /// The requested profile does not exist; `used` answers instead. `available` lists the configured ones.
    case profileFellBack(requested: String, used: String, available: [String])
    /// The client chose an emotion preset the profile does not know, so no offset is applied.
    case unknownEmotion(name: String, known: [String])
}

/// An event for a ``StreamSession``: a client's event, or the engine's clip for the oldest segment
/// still being inferred.
public enum SessionEvent: Sendable, Equatable {
    /// The client told the stream something.
    case client(ClientEvent)
    /// The engine answered the oldest segment in flight.
    case inferred(FaceClip)
}
