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

extension StreamEnding {
    /// The `outcome` label of the stream-end metric, the same for every API.
    var metricsOutcome: String {
        switch self {
        case .refused(let refusal): refusal.metricsLabel
        case .unavailable(.warmUpFailed): "warmup_failed"
        case .unavailable(.draining): "shutting_down"
        case .ran(.completed): "completed"
        case .ran(.clientLeft), .cancelled: "client_left"
        case .ran(.transportFailed): "connection_failed"
        case .ran(.failed): "failed"
        case .drainTimeout: "shutdown"
        }
    }
}

/// What an API tells its client about each ending, reduced to the `close_code` label of the
/// stream-end metric (its `outcome` label is ``StreamEnding/metricsOutcome``).
protocol StreamEndingLabels {
    /// The `close_code` label: the close code or status the client was given, "none" when it got none.
    static func closeCodeLabel(for ending: StreamEnding) -> String
}
