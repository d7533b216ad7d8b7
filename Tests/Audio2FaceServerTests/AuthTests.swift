import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOWebSocket
import Synchronization
import Testing

@Suite(.serialized, .timeLimit(.minutes(2))) struct AuthTests {
    static let key = "test-key-5f2c9a1e7d"

    private static func config(origins: [String] = []) -> ServiceConfig {
        var config = ServiceConfig()
        config.auth.enabled = true
        config.auth.keysFile = ""
        config.auth.keysEnvironmentVariable = "A2F_TEST_KEYS_UNUSED"
        config.auth.corsAllowedOrigins = origins
        return config
    }

    /// Parts with `key` as the only API key (set directly, as the environment is process-wide).
    private static func parts(origins: [String] = []) throws -> ServiceParts {
        try ServerHarness.parts(config: config(origins: origins), apiKeys: APIKeyStore(keys: [key]))
    }

    private static func upgradeStatus(_ client: any TestClientProtocol, uri: String, headers: [String: String] = [:])
        async throws -> Int
    {
        let port = try #require(client.port)
        return try await BlockingIO.run { try RawHTTP.upgradeStatus(port: port, target: uri, headers: headers) }
    }

    @Test("no key and a wrong key get 401 before the upgrade; probes stay open")
    func refusedWithoutKey() async throws {
        try await ServerHarness.withServer(try Self.parts()) { client in
            let noKey = try await Self.upgradeStatus(client, uri: ServerHarness.path)
            #expect(noKey == 401)
            let wrongHeader = try await Self.upgradeStatus(
                client, uri: ServerHarness.path, headers: ["Authorization": "Bearer wrong-key"])
            #expect(wrongHeader == 401)
            let wrongToken = try await Self.upgradeStatus(client, uri: ServerHarness.path + "?token=wrong")
            #expect(wrongToken == 401)
            let rightKey = try await Self.upgradeStatus(
                client, uri: ServerHarness.path, headers: ["Authorization": "Bearer \(Self.key)"])
            #expect(rightKey == 101)
            let docs = try await client.execute(uri: "/docs", method: .get) { $0.status }
            #expect(docs == .unauthorized)
            let health = try await client.execute(uri: "/health", method: .get) { $0.status }
            #expect(health == .ok)
        }
    }

    @Test("the right key as a Bearer header or ?token= streams; the key never appears in the logs")
    func acceptedWithKey() async throws {
        let handler = CollectingLogHandler()
        let logger = Logger(label: "auth-test") { _ in handler }
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(try Self.parts(), logger: logger) { client in
            let byHeader = try await ServerHarness.stream(
                wav, options: StreamClient.Options(), client: client, headers: [.authorization: "Bearer \(Self.key)"])
            #expect(byHeader.report?.messageKinds.last == "end")
            let byQuery = try await ServerHarness.stream(
                wav, options: StreamClient.Options(), client: client, path: ServerHarness.path + "?token=\(Self.key)")
            #expect(byQuery.report?.messageKinds.last == "end")
            let afterwards = try await Self.upgradeStatus(client, uri: ServerHarness.path)
            #expect(afterwards == 401)
        }
        let lines = handler.lines
        #expect(lines.contains { $0.contains("stream finished") })
        #expect(!lines.contains { $0.contains(Self.key) })
    }

    @Test("CORS: an allowed origin gets its headers and preflight; others get 403 on preflight and upgrade")
    func originPolicy() async throws {
        let allowed = "https://app.example.com"
        try await ServerHarness.withServer(try Self.parts(origins: [allowed])) { client in
            try await client.execute(
                uri: "/docs", method: .options,
                headers: [.origin: allowed, .accessControlRequestMethod: "GET"]
            ) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == allowed)
                #expect(response.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            }
            try await client.execute(
                uri: "/docs", method: .options,
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "GET"]
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/docs", method: .get, headers: [.origin: allowed, .authorization: "Bearer \(Self.key)"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == allowed)
            }
            let foreignUpgrade = try await Self.upgradeStatus(
                client, uri: ServerHarness.path,
                headers: ["Origin": "https://evil.example", "Authorization": "Bearer \(Self.key)"])
            #expect(foreignUpgrade == 403)
        }
    }

    @Test("keys load from a file (comments and blank lines skipped) and the environment; none at all is an error")
    func keyLoading() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).txt")
        try "# operators\nalpha-key\n\n  beta-key  \n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var config = AuthConfig()
        config.enabled = true
        config.keysFile = file.path
        config.keysEnvironmentVariable = "KEYS"
        let store = try APIKeyStore(
            config: config, baseDirectory: TestRepository.root, environment: ["KEYS": "gamma-key, delta-key"])
        #expect(store.count == 4)
        for key in ["alpha-key", "beta-key", "gamma-key", "delta-key"] { #expect(store.accepts(key)) }
        for key in ["", "alpha", "alpha-key ", "# operators", "alpha-keyX"] { #expect(!store.accepts(key)) }
        #expect(!"\(store)".contains("alpha"))

        config.keysFile = ""
        #expect(throws: APIKeyStore.LoadError.self) {
            try APIKeyStore(config: config, baseDirectory: TestRepository.root, environment: [:])
        }
        config.keysFile = "/nonexistent/keys.txt"
        #expect(throws: APIKeyStore.LoadError.self) {
            try APIKeyStore(config: config, baseDirectory: TestRepository.root, environment: [:])
        }
    }
}
