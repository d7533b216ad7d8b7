import Audio2Face

/// Every way a WebSocket stream can end, from refusal to completion; ``WebSocketCloseTable`` maps each
/// to what the client is told and how it is counted.
enum StreamEnding: Sendable {
    /// Admission turned the stream away (capacity, per-client limit, shutting down).
    case refused(StreamAdmission.Refusal)
    /// The engine cannot serve (warm-up failed, or the service began draining while the stream waited).
    case unavailable(Readiness.Unavailable)
    /// The runner finished or failed.
    case ran(StreamOutcome)
    /// The drain timeout passed while the stream was still running.
    case drainTimeout
    /// The connection's task was cancelled (the server is stopping underneath it).
    case cancelled
}
