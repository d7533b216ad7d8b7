import Audio2Face
import Audio2FaceClient
import NIOWebSocket

/// The one place where the end of a WebSocket stream becomes a close code, a reason text and its metric
/// labels: client faults are 1008 (a message over its budget 1009, broken framing 1002), server faults 1011, capacity 1013
/// (try again later), shutdown 1001, success 1000. ``GRPCStatusTable`` is its twin for the gRPC API.
enum WebSocketCloseTable: StreamEndingLabels {
    /// The close frame the server sends itself, or nil when the connection ends without one from us
    /// (a normal completion is closed by the WebSocket handler with 1000; a lost client cannot hear).
    static func closeReason(for ending: StreamEnding) -> CloseReason? {
        switch ending {
        case .refused(let refusal):
            switch refusal {
            case .serverFull, .clientFull: CloseReason(code: .unknown(1013), text: refusal.description)
            case .shuttingDown: CloseReason(code: .goingAway, text: refusal.description)
            }
        case .unavailable(let reason):
            switch reason {
            case .warmUpFailed: CloseReason(code: .unexpectedServerError, text: reason.description)
            case .draining: CloseReason(code: .goingAway, text: reason.description)
            }
        case .ran(.failed(.messageTooLarge(let reason))):
            CloseReason(code: .messageTooLarge, text: reason)
        case .ran(.failed(.framingViolation(let reason))):
            CloseReason(code: .protocolError, text: reason)
        case .ran(.failed(let error)):
            CloseReason(code: error.isClientFault ? .policyViolation : .unexpectedServerError, text: text(for: error))
        case .drainTimeout:
            CloseReason(code: .goingAway, text: "server is shutting down; drain timeout reached")
        case .ran(.completed), .ran(.clientLeft), .ran(.transportFailed), .cancelled:
            nil
        }
    }

    /// The `outcome` and `close_code` labels of the stream-end metric.
    static func metricsLabels(for ending: StreamEnding) -> (outcome: String, closeCode: String) {
        let code = closeReason(for: ending).map { "\($0.numericCode)" } ?? "none"
        return switch ending {
        case .refused(let refusal): (refusal.metricsLabel, code)
        case .unavailable(.warmUpFailed): ("warmup_failed", code)
        case .unavailable(.draining): ("shutting_down", code)
        case .ran(.completed): ("completed", "1000")
        case .ran(.clientLeft), .cancelled: ("client_left", code)
        case .ran(.transportFailed): ("connection_failed", code)
        case .ran(.failed): ("failed", code)
        case .drainTimeout: ("shutdown", code)
        }
    }

    /// The reason text of a failure, in the seed protocol's message names where the core is neutral.
    private static func text(for error: StreamError) -> String {
        if case .outOfOrder(let violation) = error { return violation.wireDescription }
        return error.description
    }
}
