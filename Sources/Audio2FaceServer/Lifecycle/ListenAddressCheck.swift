import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds out before the engine is loaded whether the service can listen on its address: binds a socket
/// the way the HTTP server will (with `SO_REUSEADDR`) and closes it again. A busy port, an address that
/// belongs to no interface or a privileged port then stops `serve` at once with an error that names the
/// host and the port, instead of after a model load and warm-up.
public struct ListenAddressCheck: Sendable {
    /// The interface the service will bind.
    public var host: String
    /// The TCP port; 0 (the system picks a free one) always passes.
    public var port: Int

    /// A check of `host`:`port`.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Throws ``ListenAddressError`` when the address cannot be bound now.
    public func verifyAvailable() async throws {
        guard port != 0 else { return }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw ListenAddressError(host: host, port: port, underlying: error)
        }
        try? await channel.close()
    }
}

/// The service cannot listen on its configured address; says which and what to do.
public struct ListenAddressError: Error, CustomStringConvertible {
    /// The interface that could not be bound.
    public let host: String
    /// The port that could not be bound.
    public let port: Int
    /// Why, in words.
    public let reason: String

    init(host: String, port: Int, underlying: any Error) {
        self.host = host
        self.port = port
        self.reason = Self.explain(underlying)
    }

    public var description: String {
        "cannot listen on \(host):\(port): \(reason)"
    }

    private static func explain(_ error: any Error) -> String {
        guard let io = error as? IOError else {
            return "\(error); set server.host (or --host) to an address of this machine such as 127.0.0.1 or 0.0.0.0"
        }
        switch io.errnoCode {
        case EADDRINUSE:
            return
                "the address is already in use (another audio2face or another program listens there); stop it or choose another port with server.port or --port"
        case EACCES:
            return "permission denied; ports below 1024 need privileges, choose another port with server.port or --port"
        case EADDRNOTAVAIL:
            return "no interface of this machine has this address; use 127.0.0.1, 0.0.0.0 or one of its addresses"
        default:
            return String(cString: strerror(io.errnoCode))
        }
    }
}
