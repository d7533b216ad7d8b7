import Audio2Face
import Testing

/// `auth.cors_allowed_origins` holds origins exactly as browsers send them; anything that could never
/// match (a wildcard pattern, a path, a trailing slash, upper case) stops start-up naming the key.
@Suite struct AuthConfigTests {
    @Test(
        "an origin that can never match is refused, naming the key and the entry",
        arguments: [
            ("https://*.example.com", "is a wildcard"),
            ("*", "is a wildcard"),
            ("https://app.example.com/", "is not an origin"),
            ("https://app.example.com/app", "is not an origin"),
            ("https://App.Example.com", "is not an origin"),
            ("app.example.com", "is not an origin"),
            ("", "is not an origin"),
        ])
    func refusedOrigin(origin: String, message: String) {
        #expect {
            _ = try ServiceConfig.parse(yaml: "auth:\n  cors_allowed_origins: [\"\(origin)\"]\n")
        } throws: { error in
            guard case ConfigError.invalidValue(let key, let actual) = error else { return false }
            return key == "auth.cors_allowed_origins" && actual.contains("'\(origin)' \(message)")
        }
    }

    @Test("exact origins, with or without a port, are accepted")
    func exactOrigins() throws {
        let config = try ServiceConfig.parse(
            yaml: "auth:\n  cors_allowed_origins: [https://app.example.com, http://localhost:8080]\n")
        #expect(config.auth.corsAllowedOrigins == ["https://app.example.com", "http://localhost:8080"])
    }
}
