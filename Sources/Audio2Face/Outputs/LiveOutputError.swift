/// Why a live output (VMC, Live Link Face) cannot be set up; each message names the target and the fix.
public enum LiveOutputError: Error, Equatable, CustomStringConvertible {
    /// The port is outside 1…65535.
    case invalidPort(Int, target: String)
    /// The host name does not resolve.
    case cannotResolve(host: String, reason: String)
    /// The system refused a UDP socket to the target.
    case cannotOpenSocket(target: String, reason: String)

    public var description: String {
        switch self {
        case .invalidPort(let port, let target):
            "cannot send to \(target): port \(port) is not in 1...65535"
        case .cannotResolve(let host, let reason):
            "cannot send to '\(host)': the host does not resolve (\(reason)); use an IP address or a known host name"
        case .cannotOpenSocket(let target, let reason):
            "cannot open a UDP socket to \(target): \(reason)"
        }
    }
}
