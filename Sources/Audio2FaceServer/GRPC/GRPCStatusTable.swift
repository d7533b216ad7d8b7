import Audio2Face
import GRPCCore

/// The one place where the end of a gRPC stream becomes a gRPC status, its message and its `close_code` label
/// (the twin of ``WebSocketCloseTable``): bad client input is INVALID_ARGUMENT, a message over its
/// budget, capacity and per-client limits RESOURCE_EXHAUSTED, an idle client DEADLINE_EXCEEDED, shutdown
/// and warm-up failure UNAVAILABLE, server faults INTERNAL; success ends the call OK.
enum GRPCStatusTable: StreamEndingLabels {
    /// The error that ends the call, or nil when it ends OK (a completed stream; a client that left
    /// cannot hear anything).
    static func error(for ending: StreamEnding) -> RPCError? {
        switch ending {
        case .refused(let refusal):
            switch refusal {
            case .serverFull, .clientFull: RPCError(code: .resourceExhausted, message: refusal.description)
            case .shuttingDown: RPCError(code: .unavailable, message: refusal.description)
            }
        case .unavailable(let reason):
            RPCError(code: .unavailable, message: reason.description)
        case .ran(.failed(let error)):
            RPCError(code: code(for: error), message: message(for: error))
        case .drainTimeout:
            RPCError(code: .unavailable, message: "server is shutting down; drain timeout reached")
        case .ran(.completed), .ran(.clientLeft), .ran(.transportFailed), .cancelled:
            nil
        }
    }

    static func closeCodeLabel(for ending: StreamEnding) -> String {
        if case .ran(.completed) = ending { return "ok" }
        return error(for: ending).map { "\($0.code)" } ?? "none"
    }

    private static func code(for error: StreamError) -> RPCError.Code {
        switch error {
        case .protocolViolation, .outOfOrder, .unsupportedFormat, .framingViolation: .invalidArgument
        case .messageTooLarge, .limitExceeded: .resourceExhausted
        case .idleTimeout, .clientNotReading: .deadlineExceeded
        case .inferenceFailed, .postprocessFailed: .internalError
        }
    }

    /// The message of a failure, in NVIDIA's message names where the core is neutral.
    private static func message(for error: StreamError) -> String {
        switch error {
        case .outOfOrder(.startMissing): "audio_stream_header must be the first message of the stream"
        case .outOfOrder(.startRepeated): "audio_stream_header was sent twice; send it once, first"
        case .outOfOrder(.afterEnd): "no message may follow end_of_audio"
        default: error.description
        }
    }
}
