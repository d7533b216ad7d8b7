import Audio2FaceTestSupport
import Foundation
import Testing

/// The JavaScript client (clients/js/) under Node's built-in test runner, as part of `swift test`: its
/// unit tests (codec vectors from the Swift codec, float16, the stream over a fake socket), then the same
/// runner against the real server with auth on. Needs `node` (18 or later) on the PATH.
@Suite(.serialized, .timeLimit(.minutes(3))) struct JavaScriptClientTests {
    static let installHint = "install Node.js 18 or later (scripts/test.sh does: apt-get install -y nodejs)"
    static let clientFolder = TestRepository.url("clients/js")

    /// What a run of `node --test` printed and how it ended.
    struct NodeRun {
        var status: Int32
        var output: String
        var error: String

        /// The count in a TAP summary line such as `# pass 12`.
        func summaryCount(_ name: String) -> Int? {
            output.split(whereSeparator: \.isNewline)
                .last { $0.hasPrefix("# \(name) ") }
                .flatMap { Int($0.dropFirst(name.count + 3)) }
        }
    }

    /// The `node` executable on the PATH; fails the test with the install hint when there is none.
    static func node() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let candidates = path.split(separator: ":").flatMap { folder in
            ["node", "nodejs"].map { URL(fileURLWithPath: String(folder)).appendingPathComponent($0) }
        }
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "node is not on the PATH; \(installHint)")
    }

    /// The test files, listed explicitly: Node 18 and 20 take a folder, later versions only files or globs.
    static func testFiles() throws -> [String] {
        let folder = clientFolder.appendingPathComponent("test")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".test.mjs") }.sorted()
        try #require(!files.isEmpty, "no *.test.mjs files in \(folder.path)")
        return files.map { "test/\($0)" }
    }

    /// Runs `node --test` on every test file in clients/js with `environment` added (the server variables
    /// of a previous run and NODE_OPTIONS cleared first); TAP output.
    static func runNodeTests(environment: [String: String]) async throws -> NodeRun {
        var cleared = ["A2F_SERVER_URL": "", "A2F_SERVER_TOKEN": "", "A2F_WAV": "", "NODE_OPTIONS": ""]
        cleared.merge(environment) { _, added in added }
        let run = try await ExternalTool.run(
            try node(), ["--test", "--test-reporter=tap"] + (try testFiles()), in: clientFolder, environment: cleared)
        return NodeRun(status: run.status, output: run.output, error: run.error)
    }

    /// The failing tests' lines of a TAP report, for the failure message.
    static func failures(in run: NodeRun) -> String {
        let lines = run.output.split(whereSeparator: \.isNewline)
        let failed = lines.filter { $0.contains("not ok") || $0.contains("error:") || $0.contains("expected") }
        return failed.prefix(40).joined(separator: "\n") + "\n" + run.error
    }

    @Test("node --test clients/js/test: the codec against the Swift vectors, float16, the stream on a fake socket")
    func unitTests() async throws {
        let run = try await Self.runNodeTests(environment: [:])
        #expect(run.status == 0, "node --test failed:\n\(Self.failures(in: run))")
        #expect(run.summaryCount("fail") == 0, "\(Self.failures(in: run))")
        #expect((run.summaryCount("pass") ?? 0) >= 30, "\(run.output.suffix(400))")
        // Without a server the real-server tests are skipped, and only those.
        #expect(run.summaryCount("skipped") == 3, "\(run.output.suffix(400))")
    }

    @Test("the JS client against the real server: every frame of a WAV, a wrong token refused, 1008 with its reason")
    func realServer() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("js-client-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = "js-client-key-5b2e90"
        let (server, port) = try await ServerProcess.startReadyWithAPIKey(key, in: folder)
        defer { server.stop() }

        let run = try await Self.runNodeTests(environment: [
            "A2F_SERVER_URL": "ws://127.0.0.1:\(port)",
            "A2F_SERVER_TOKEN": key,
            "A2F_WAV": TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-short.wav").path,
        ])
        #expect(run.status == 0, "node --test failed:\n\(Self.failures(in: run))\nserver log:\n\(server.output)")
        #expect(run.summaryCount("fail") == 0)
        #expect(run.summaryCount("skipped") == 0, "\(run.output.suffix(400))")
        #expect(!server.output.contains(key), "the key never reaches the server's log")
    }
}
