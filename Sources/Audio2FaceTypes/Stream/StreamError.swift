/// A broken message order; each transport words it in its own message names.
public enum MessageOrderViolation: Sendable, Equatable {
    /// Something other than a start came first.
    case startMissing
    /// A second start arrived.
    case startRepeated
    /// Something arrived after the end.
    case afterEnd
}

/// Something that ends a stream early; each transport maps every case to its own close code or status
/// in one table.
public enum StreamError: Error, Equatable, CustomStringConvertible {
    /// The client sent something undecodable or invalid.
    case protocolViolation(String)
    /// The client's messages came in an order the protocol does not allow.
    case outOfOrder(MessageOrderViolation)
    /// The declared audio format cannot be processed.
    case unsupportedFormat(AudioFormatError)
    /// The stream sent nothing for too long.
    case idleTimeout(seconds: Double)
    /// A reply to the client could not be delivered for that long: it stopped reading.
    case clientNotReading(seconds: Double)
    /// The stream went past a configured limit, such as its longest duration.
    case limitExceeded(String)
    /// One message (or a single frame) cost more than its budget (bytes on the wire, fragments, empty
    /// fragments); the reason names the limit.
    case messageTooLarge(String)
    /// The transport's framing was broken (for WebSocket: fragments out of order, an unmasked client frame,
    /// a broken control frame); the reason says how.
    case framingViolation(String)
    /// The engine failed on a segment.
    case inferenceFailed(String)
    /// Postprocessing failed.
    case postprocessFailed(String)

    /// Whether the client caused the failure (as opposed to the server).
    public var isClientFault: Bool {
        switch self {
        case .protocolViolation, .outOfOrder, .unsupportedFormat, .idleTimeout, .clientNotReading, .limitExceeded,
            .messageTooLarge, .framingViolation:
            true
        case .inferenceFailed, .postprocessFailed:
            false
        }
    }

    public var description: String {
        switch self {
        case .protocolViolation(let reason): reason
        case .outOfOrder(.startMissing): "the first message must start the stream"
        case .outOfOrder(.startRepeated): "the stream was started twice"
        case .outOfOrder(.afterEnd): "no message may follow the end of the stream"
        case .unsupportedFormat(let error): error.description
        case .idleTimeout(let seconds): "stream idle for more than \(seconds) s; closed"
        case .clientNotReading(let seconds): "client stopped reading: a reply waited more than \(seconds) s; closed"
        case .limitExceeded(let reason): reason
        case .messageTooLarge(let reason): reason
        case .framingViolation(let reason): reason
        case .inferenceFailed(let reason): "inference failed: \(reason)"
        case .postprocessFailed(let reason): "postprocessing failed: \(reason)"
        }
    }
}
