/// Where the service listens and how large a client message may be (YAML section `server`).
public struct ServerConfig: ConfigSection, Sendable, Equatable {
    /// Interface to bind (`0.0.0.0` in containers).
    public var host = "127.0.0.1"
    /// TCP port (the reference's 18083).
    public var port = 18_083
    /// Largest WebSocket message accepted from a client, in bytes.
    public var maxMessageBytes = 1 << 20
    /// On SIGTERM/SIGINT, how long running streams get to finish before they are closed with 1001.
    public var drainTimeoutSeconds: Double = 30

    /// The defaults.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("host", \.host, .notEmpty("name an interface such as 127.0.0.1 or 0.0.0.0")),
            ConfigField("port", \.port, .range(0...65_535)),
            ConfigField("max_message_bytes", \.maxMessageBytes, .range(1_024...(256 << 20))),
            ConfigField("drain_timeout_seconds", \.drainTimeoutSeconds, .range(0...3_600)),
        ]
    }
}
