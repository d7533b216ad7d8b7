import Audio2Face

/// Every way a stream of either API can end, from refusal to completion; each API's table
/// (``WebSocketCloseTable``, ``GRPCStatusTable``) maps it to what the client is told and how it is counted.
enum StreamEnding: Sendable {
    /// Admission turned the stream away (capacity, per-client limit, shutting down).
    case refused(StreamAdmission.Refusal)
    /// The engine cannot serve (warm-up failed, or the service began draining while the stream waited).
    case unavailable(Readiness.Unavailable)
    /// The runner finished or failed.
    case ran(StreamOutcome)
    /// The drain timeout passed while the stream was still running.
    case drainTimeout
    /// The stream's task was cancelled (the server is stopping underneath it, or a gRPC client cancelled).
    case cancelled
}

/// What an API tells its client about each ending, reduced to the labels of the stream-end metric.
protocol StreamEndingLabels {
    /// The `outcome` and `close_code` labels of the stream-end metric.
    static func metricsLabels(for ending: StreamEnding) -> (outcome: String, closeCode: String)
}
