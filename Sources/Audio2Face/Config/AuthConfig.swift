/// Who may use the service: API keys (off by default) and the browser origins allowed to call it.
public struct AuthConfig: Codable, Sendable, Equatable {
    /// Require an API key on every endpoint except `/health` and `/ready`.
    public var enabled = false
    /// File with one API key per line (`#` starts a comment); relative to the working directory.
    public var keysFile = ""
    /// Environment variable holding comma-separated API keys.
    public var keysEnvironmentVariable = "A2F_API_KEYS"
    /// Accept the key as `?token=` in the URL, for browsers that cannot set WebSocket headers.
    public var allowQueryToken = true
    /// Browser origins allowed by CORS and on the WebSocket upgrade (exact match, no wildcard).
    public var corsAllowedOrigins: [String] = []

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case keysFile = "keys_file"
        case keysEnvironmentVariable = "keys_env"
        case allowQueryToken = "allow_query_token"
        case corsAllowedOrigins = "cors_allowed_origins"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        enabled = try container.decode(.enabled, default: defaults.enabled)
        keysFile = try container.decode(.keysFile, default: defaults.keysFile)
        keysEnvironmentVariable = try container.decode(.keysEnvironmentVariable, default: defaults.keysEnvironmentVariable)
        allowQueryToken = try container.decode(.allowQueryToken, default: defaults.allowQueryToken)
        corsAllowedOrigins = try container.decode(.corsAllowedOrigins, default: defaults.corsAllowedOrigins)
    }

    /// Checks the section; `keyPrefix` is its dotted path.
    public func validate(keyPrefix: String) throws(ConfigError) {
        if enabled && keysFile.isEmpty && keysEnvironmentVariable.isEmpty {
            throw .invalidValue(
                key: "\(keyPrefix).keys_file", message: "auth is enabled but neither keys_file nor keys_env names a key source")
        }
        for origin in corsAllowedOrigins where origin == "*" || origin.isEmpty {
            throw .invalidValue(
                key: "\(keyPrefix).cors_allowed_origins",
                message: "list exact origins such as https://app.example.com; '\(origin)' is not allowed")
        }
    }
}
