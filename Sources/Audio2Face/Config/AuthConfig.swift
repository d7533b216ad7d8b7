import Foundation

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

    /// Origins are matched exactly as browsers send them (`scheme://host[:port]`, lower case): a wildcard,
    /// a path, a trailing slash or an empty entry would never match, so each is refused at start-up.
    private static func checkOrigins(_ origins: [String], key: String) throws(ConfigError) {
        for origin in origins {
            if origin.contains("*") {
                throw .invalidValue(
                    key: key,
                    message:
                        "'\(origin)' is a wildcard, but origins are matched exactly; list each origin, such as https://app.example.com"
                )
            }
            guard isSerializedOrigin(origin) else {
                throw .invalidValue(
                    key: key,
                    message:
                        "'\(origin)' is not an origin; write scheme://host[:port] in lower case as browsers send it, such as https://app.example.com (no path, no trailing slash)"
                )
            }
        }
    }

    /// Whether `origin` has the form a browser sends in `Origin`: scheme and host, an optional port,
    /// nothing else.
    private static func isSerializedOrigin(_ origin: String) -> Bool {
        guard origin == origin.lowercased(), let components = URLComponents(string: origin),
            let scheme = components.scheme, !scheme.isEmpty, let host = components.host, !host.isEmpty
        else { return false }
        return components.path.isEmpty && components.query == nil && components.fragment == nil
            && components.user == nil && components.password == nil
    }
}
