/// Where the service listens, how large a client message may be and how long a connection may take
/// over its request (YAML section `server`).
public struct ServerConfig: ConfigSection, Sendable, Equatable {
    /// Interface to bind (`0.0.0.0` in containers).
    public var host = "127.0.0.1"
    /// TCP port (the reference's 18083).
    public var port = 18_083
    /// Largest WebSocket message accepted from a client, in bytes.
    public var maxMessageBytes = 1 << 20
    /// On SIGTERM/SIGINT, how long running streams get to finish before they are closed with 1001.
    public var drainTimeoutSeconds: Double = 30
    /// Time a new connection has to deliver its first request head; then it is answered 408 and closed,
    /// so connections that send nothing, or trickle a request, cannot hold descriptors.
    public var headerReadTimeoutSeconds: Double = 10
    /// An HTTP connection that is not a WebSocket stream and has no request in flight is closed after
    /// this long.
    public var idleTimeoutSeconds: Double = 60
    /// Most connections open at once (streams and plain HTTP); more are answered 503 and closed. 0 = the
    /// open-file limit less a reserve for files and threads; a larger value is lowered to that at start-up.
    public var maxConnections = 0
    /// Most connections open at once from one client address; 0 = no limit (behind a proxy, where every
    /// client has the proxy's address).
    public var maxConnectionsPerClient = 256

    /// The defaults.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("host", \.host, .notEmpty("name an interface such as 127.0.0.1 or 0.0.0.0")),
            ConfigField("port", \.port, .range(0...65_535)),
            ConfigField("max_message_bytes", \.maxMessageBytes, .range(1_024...(256 << 20))),
            ConfigField("drain_timeout_seconds", \.drainTimeoutSeconds, .range(0...3_600)),
            ConfigField("header_read_timeout_seconds", \.headerReadTimeoutSeconds, .range(0.1...600)),
            ConfigField("idle_timeout_seconds", \.idleTimeoutSeconds, .range(0.1...3_600)),
            ConfigField("max_connections", \.maxConnections, .range(0...10_000_000)),
            ConfigField("max_connections_per_client", \.maxConnectionsPerClient, .range(0...10_000_000)),
        ]
    }
}
