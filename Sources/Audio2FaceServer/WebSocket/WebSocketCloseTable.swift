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

    /// The `close_code` label: the close frame's code, 1000 for a completed stream (the WebSocket
    /// handler closes it), "none" when the connection went away without one from us.
    static func closeCodeLabel(for ending: StreamEnding) -> String {
        if case .ran(.completed) = ending { return "1000" }
        return closeReason(for: ending).map { "\($0.numericCode)" } ?? "none"
    }

    /// The reason text of a failure, in the seed protocol's message names where the core is neutral.
    private static func text(for error: StreamError) -> String {
        if case .outOfOrder(let violation) = error { return violation.wireDescription }
        return error.description
    }
}
