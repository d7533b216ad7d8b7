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
    /// Which API's settings chose the address, so that an error names the keys to change.
    public var api: API

    /// The APIs that listen, each with the config keys and options of its address.
    public enum API: Sendable {
        /// The WebSocket and HTTP server (`server.host`, `server.port`).
        case webSocket
        /// NVIDIA's gRPC API (`grpc.host`, `grpc.port`).
        case grpc

        var portSetting: String { self == .webSocket ? "server.port or --port" : "grpc.port or --grpc-port" }
        var hostSetting: String { self == .webSocket ? "server.host (or --host)" : "grpc.host (or --host)" }
    }

    /// A check of `host`:`port` for `api`.
    public init(host: String, port: Int, api: API = .webSocket) {
        self.host = host
        self.port = port
        self.api = api
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
            throw ListenAddressError(host: host, port: port, api: api, underlying: error)
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

    init(host: String, port: Int, api: ListenAddressCheck.API, underlying: any Error) {
        self.host = host
        self.port = port
        self.reason = Self.explain(underlying, api: api)
    }

    public var description: String {
        "cannot listen on \(host):\(port): \(reason)"
    }

    private static func explain(_ error: any Error, api: ListenAddressCheck.API) -> String {
        guard let io = error as? IOError else {
            return "\(error); set \(api.hostSetting) to an address of this machine such as 127.0.0.1 or 0.0.0.0"
        }
        switch io.errnoCode {
        case EADDRINUSE:
            return
                "the address is already in use (another audio2face or another program listens there); stop it or choose another port with \(api.portSetting)"
        case EACCES:
            return "permission denied; ports below 1024 need privileges, choose another port with \(api.portSetting)"
        case EADDRNOTAVAIL:
            return "no interface of this machine has this address; use 127.0.0.1, 0.0.0.0 or one of its addresses"
        default:
            return String(cString: strerror(io.errnoCode))
        }
    }
}
