import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import Logging
import NIOWebSocket
import Synchronization
import Testing

/// Starts the real server on a free port and streams through a real WebSocket client.
enum ServerHarness {
    static let path = "/api/v1/streaming_audio2face/ws"

    /// A fixture WAV from Tests/Audio2FaceServerTests/Fixtures.
    static func fixture(_ name: String) throws -> WAVFile {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try WAVFile(contentsOf: url)
    }

    /// Service parts for `config` (port 0), optionally with a test engine instead of the configured one.
    /// With `apiKeys`, auth is switched on with those keys whatever key sources `config` names.
    static func parts(
        config: ServiceConfig = ServiceConfig(), engine: (any FaceEngine)? = nil, apiKeys: APIKeyStore? = nil
    ) throws -> ServiceParts {
        var config = config
        config.server.port = 0
        let enableAuth = config.auth.enabled
        config.auth.enabled = false
        var parts = try ServiceParts(config: config, baseDirectory: TestRepository.root, logger: Logger(label: "test"))
        parts.config.auth.enabled = enableAuth
        parts.apiKeys = apiKeys
        if let engine {
            parts.environment = try StreamEnvironment(
                engine: engine, streaming: config.streaming, postprocess: parts.environment.postprocess,
                limits: config.limits)
        }
        return parts
    }

    /// Runs `body` against a live server built from `parts` (with `logging`'s file log behind the log
    /// endpoints, when given).
    static func withServer(
        _ parts: ServiceParts, controls: ServiceControls? = nil, logging: ServiceLogging? = nil,
        logger: Logger = Logger(label: "test-server"),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let app = buildApplication(parts: parts, controls: controls, logging: logging, logger: logger)
        try await app.test(.live) { client in try await body(client) }
    }

    /// What one streamed connection produced.
    struct Outcome: Sendable {
        var report: StreamClient.Report?
        var closeFrame: WebSocketCloseFrame?
    }

    /// Streams `wav` with `options` and returns the report and the close frame.
    static func stream(
        _ wav: WAVFile, options: StreamClient.Options, client: any TestClientProtocol,
        path: String = path, headers: HTTPFields = [:]
    ) async throws -> Outcome {
        let result = Mutex<StreamClient.Report?>(nil)
        let configuration = WebSocketClientConfiguration(maxFrameSize: 4 << 20, additionalHeaders: headers)
        let close = try await client.ws(path, configuration: configuration) { inbound, outbound, _ in
            let report = try await StreamClient(options: options).run(wav, inbound: inbound, outbound: outbound)
            result.withLock { $0 = report }
        }
        return Outcome(report: result.withLock { $0 }, closeFrame: close)
    }

    /// Sends raw binary messages, then collects what the server sends until it closes.
    static func sendRaw(
        _ messages: [WebSocketOutboundWriter.OutboundFrame], client: any TestClientProtocol
    ) async throws -> (received: Int, closeFrame: WebSocketCloseFrame?) {
        let received = Mutex(0)
        let close = try await client.ws(path, configuration: .init(maxFrameSize: 4 << 20)) { inbound, outbound, _ in
            for message in messages { try await outbound.write(message) }
            for try await _ in inbound.messages(maxSize: 4 << 20) { received.withLock { $0 += 1 } }
        }
        return (received.withLock { $0 }, close)
    }

    /// Waits until the server runs no stream: returns when the last one is released, or fails the test
    /// if streams are still running after `timeout` (a guard against a hang, not a speed requirement).
    static func waitForNoActiveStreams(_ controls: ServiceControls, timeout: Duration = .seconds(10)) async throws {
        let ended = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await controls.admission.waitUntilNoStreams()) != nil }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !ended { Issue.record("still \(controls.admission.activeStreams) active streams after \(timeout)") }
    }
}
