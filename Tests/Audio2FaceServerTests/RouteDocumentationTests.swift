import Audio2Face
import Audio2FaceClient
import Audio2FaceTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Audio2FaceServer

/// `/docs` and `/openapi.json` against the routes the router really registers and the values the server
/// really runs with.
@Suite(.timeLimit(.minutes(2))) struct RouteDocumentationTests {
    /// The router's own list of routes, as "METHOD /path".
    static func registeredRoutes(_ parts: ServiceParts) -> [String] {
        let router = buildServiceRouter(parts: parts, controls: ServiceControls(config: parts.config), logging: nil)
        return router.routes.map { "\($0.method) \($0.path)" }
    }

    static func fetch(_ uri: String, _ client: any TestClientProtocol, headers: HTTPFields = [:]) async throws
        -> (status: HTTPResponse.Status, body: String)
    {
        try await client.execute(uri: uri, method: .get, headers: headers) { ($0.status, String(buffer: $0.body)) }
    }

    /// `paths` of the OpenAPI document: path → method → operation.
    static func openAPIPaths(_ json: String) throws -> [String: [String: [String: Any]]] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        return paths
    }

    @Test("every registered route is on /docs and in /openapi.json, and every documented route is registered")
    func everyRouteDocumented() async throws {
        let parts = try ServerHarness.parts()
        let routes = Self.registeredRoutes(parts)
        // The list comes from the router itself; a few routes every service has prove it is not empty.
        for known in ["GET /health", "GET /metrics", "GET /tail_log/{n}", "GET /docs", "GET /openapi.json"] {
            #expect(routes.contains(known), "the router has no \(known): \(routes)")
        }
        try await ServerHarness.withServer(parts) { client in
            let page = try await Self.fetch("/docs", client)
            #expect(page.status == .ok)
            let openAPI = try await Self.fetch("/openapi.json", client)
            #expect(openAPI.status == .ok)
            let paths = try Self.openAPIPaths(openAPI.body)
            for route in routes {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let onPage = page.body.contains("data-route=\"\(route)\"")
                let inOpenAPI = paths[parts[1]]?[parts[0].lowercased()] != nil
                #expect(onPage, "\(route) is not described on /docs")
                #expect(inOpenAPI, "\(route) is not in /openapi.json")
            }
            for (path, operations) in paths where path != StreamingController.path {
                for method in operations.keys {
                    #expect(
                        routes.contains("\(method.uppercased()) \(path)"),
                        "/openapi.json describes \(method.uppercased()) \(path), which the router does not have")
                }
            }
            #expect(page.body.contains("data-route=\"GET \(StreamingController.path)\""))
        }
    }

    @Test("/docs states the six messages, the close codes of the close table, the limits in force and the profiles")
    func pageStatesTheServer() async throws {
        var config = ServiceConfig()
        config.server.maxMessageBytes = 654_321
        config.limits.maxConcurrentStreams = 17
        config.limits.maxStreamsPerClient = 3
        config.limits.maxStreamSeconds = 95
        config.limits.maxInputSpeedup = 2.5
        config.grpc.enabled = false
        let parts = try ServerHarness.parts(config: config)
        try await ServerHarness.withServer(parts) { client in
            let page = try await Self.fetch("/docs", client).body
            for name in [
                WireClassName.chunkStart, WireClassName.chunkBody, WireClassName.chunkEnd,
                WireClassName.responseStart, WireClassName.responseBody, WireClassName.responseEnd,
            ] {
                #expect(page.contains("<h3><code>\(name)</code></h3>"), "message \(name) missing")
            }
            for field in [
                "request_id", "sample_rate", "sample_width", "n_channels", "profile_name",
                "response_chunk_n_frames", "pcm_bytes", "offset_name", "blendshape_names", "dtype", "data",
            ] {
                #expect(page.contains("<td><code>\(field)</code></td>"), "field \(field) missing")
            }
            let codes: [(StreamEnding, String)] = [
                (.ran(.completed), "1000"), (.ran(.failed(.protocolViolation(""))), "1008"),
                (.ran(.failed(.messageTooLarge(""))), "1009"), (.ran(.failed(.inferenceFailed(""))), "1011"),
                (.refused(.serverFull(limit: 1)), "1013"), (.drainTimeout, "1001"),
            ]
            for (ending, code) in codes {
                #expect(WebSocketCloseTable.closeCodeLabel(for: ending) == code)
                #expect(page.contains("<td class=\"num\"><code>\(code)</code></td>"), "close code \(code) missing")
            }
            for value in ["654321 bytes", ">17<", ">3<", "95 s of audio", "2.5× real time"] {
                #expect(page.contains(value), "limit value \(value) missing")
            }
            #expect(!page.contains("A2FControllerService"), "gRPC is off but the page describes it")
            let info = ServiceInfo(parts: parts)
            #expect(!info.profiles.isEmpty)
            for profile in info.profiles {
                #expect(page.contains("<code>\(profile.name)</code>"), "profile \(profile.name) missing")
                for preset in profile.emotionPresets {
                    #expect(page.contains("<code>\(preset)</code>"), "preset \(preset) missing")
                }
            }
            #expect(info.profiles.contains { !$0.emotionPresets.isEmpty }, "no profile has presets to show")
        }
    }

    @Test("with auth on, /openapi.json declares the header and query keys and leaves the probes open")
    func openAPISecurity() async throws {
        let key = "docs-test-key-81c4"
        var config = ServiceConfig()
        config.auth.enabled = true
        config.auth.keysFile = ""
        config.auth.keysEnvironmentVariable = "A2F_TEST_KEYS_UNUSED"
        let parts = try ServerHarness.parts(config: config, apiKeys: APIKeyStore(keys: [key]))
        try await ServerHarness.withServer(parts) { client in
            #expect(try await Self.fetch("/openapi.json", client).status == .unauthorized)
            let json = try await Self.fetch("/openapi.json?token=\(key)", client).body
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let schemes = try #require(
                (document["components"] as? [String: Any])?["securitySchemes"] as? [String: [String: String]])
            #expect(schemes.values.contains { $0["type"] == "http" && $0["scheme"] == "bearer" })
            #expect(schemes.values.contains { $0["type"] == "apiKey" && $0["in"] == "query" && $0["name"] == "token" })
            #expect((document["security"] as? [Any])?.count == 2)
            let paths = try Self.openAPIPaths(json)
            #expect((paths["/health"]?["get"]?["security"] as? [Any])?.isEmpty == true)
            #expect((paths["/ready"]?["get"]?["security"] as? [Any])?.isEmpty == true)
            #expect(paths["/metrics"]?["get"]?["security"] == nil)
            let page = try await Self.fetch("/docs", client, headers: [.authorization: "Bearer \(key)"]).body
            #expect(page.contains("Auth is <strong>on</strong>"))
        }
    }

    @Test("without auth, /openapi.json declares no security")
    func openAPIWithoutAuth() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            let json = try await Self.fetch("/openapi.json", client).body
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(document["components"] == nil)
            #expect(document["security"] == nil)
            let tail = try #require(try Self.openAPIPaths(json)["/tail_log/{n}"]?["get"])
            let parameter = try #require((tail["parameters"] as? [[String: Any]])?.first)
            #expect(parameter["name"] as? String == "n")
            #expect((parameter["schema"] as? [String: Any])?["maximum"] as? Int == 10_000)
        }
    }
}
