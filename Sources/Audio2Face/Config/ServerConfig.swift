/// Where the service listens and how large a client message may be.
public struct ServerConfig: Codable, Sendable, Equatable {
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port
        case maxMessageBytes = "max_message_bytes"
        case drainTimeoutSeconds = "drain_timeout_seconds"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        host = try container.decode(.host, default: defaults.host)
        port = try container.decode(.port, default: defaults.port)
        maxMessageBytes = try container.decode(.maxMessageBytes, default: defaults.maxMessageBytes)
        drainTimeoutSeconds = try container.decode(.drainTimeoutSeconds, default: defaults.drainTimeoutSeconds)
    }

    /// Checks every field's range; `keyPrefix` is this section's dotted path.
    public func validate(keyPrefix: String) throws(ConfigError) {
        guard !host.isEmpty else { throw .invalidValue(key: "\(keyPrefix).host", message: "must not be empty") }
        try requireValue(port, in: 0...65_535, key: "\(keyPrefix).port")
        try requireValue(maxMessageBytes, in: 1_024...(256 << 20), key: "\(keyPrefix).max_message_bytes")
        try requireValue(drainTimeoutSeconds, in: 0...3_600, key: "\(keyPrefix).drain_timeout_seconds")
    }
}
