/// Who may use the service: API keys (off by default) and the browser origins allowed to call it (YAML
/// section `auth`).
public struct AuthConfig: ConfigSection, Sendable, Equatable {
    /// Require an API key on every endpoint except `/health` and `/ready`.
    public var enabled = false
    /// File with one API key per line (`#` starts a comment); relative to the config file's folder.
    public var keysFile = ""
    /// Environment variable holding comma-separated API keys.
    public var keysEnvironmentVariable = "A2F_API_KEYS"
    /// Accept the key as `?token=` in the URL, for browsers that cannot set WebSocket headers.
    public var allowQueryToken = true
    /// Browser origins allowed by CORS and on the WebSocket upgrade (exact match, no wildcard).
    public var corsAllowedOrigins: [String] = []

    /// The defaults.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("enabled", \.enabled),
            ConfigField(path: "keys_file", \.keysFile),
            ConfigField("keys_env", \.keysEnvironmentVariable),
            ConfigField("allow_query_token", \.allowQueryToken),
            ConfigField("cors_allowed_origins", \.corsAllowedOrigins, .custom(Self.checkOrigins)),
        ]
    }

    /// Enabled auth needs a key source.
    func validateRelations(key: String) throws(ConfigError) {
        if enabled && keysFile.isEmpty && keysEnvironmentVariable.isEmpty {
            throw .invalidValue(
                key: "\(key).keys_file",
                message: "auth is enabled but neither keys_file nor keys_env names a key source")
        }
    }

    /// Origins are exact: no wildcard and no empty entry.
    private static func checkOrigins(_ origins: [String], key: String) throws(ConfigError) {
        for origin in origins where origin == "*" || origin.isEmpty {
            throw .invalidValue(
                key: key, message: "list exact origins such as https://app.example.com; '\(origin)' is not allowed")
        }
    }
}
