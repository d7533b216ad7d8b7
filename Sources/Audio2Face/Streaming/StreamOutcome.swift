/// How a ``StreamRunner`` run ended, before any transport decides what to tell its client.
public enum StreamOutcome: Sendable {
    /// Every frame was delivered after the client's end.
    case completed
    /// The client's events stopped before its end (it left).
    case clientLeft
    /// The stream failed; the transport tells the client why.
    case failed(StreamError)
    /// Receiving or delivering failed underneath the stream (a lost or broken connection).
    case transportFailed(any Error)
}
