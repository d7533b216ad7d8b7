import Audio2FaceTestSupport
import Foundation
import Testing

/// The programs outside Swift that tests drive (Python scripts in the test-tools venv, Node, Chromium
/// through Selenium): running one to completion, and finding each with a failure that says how to
/// install it when it is missing.
enum ExternalTool {
    /// What a finished run printed and how it ended.
    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `executable` with `arguments` to completion in `folder` (the repository by default), with
    /// `environment` added to the test's own; returns its status, stdout and stderr.
    static func run(
        _ executable: URL, _ arguments: [String], in folder: URL = TestRepository.root,
        environment: [String: String] = [:]
    ) async throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Both pipes are drained before the wait, so a chatty child never blocks on a full pipe; each on a
        // thread of its own, since a blocking read on the test's task pool (two threads on two cores) could
        // hold up every other test.
        async let outputData = readToEnd(output.fileHandleForReading)
        async let errorData = readToEnd(error.fileHandleForReading)
        let (outBytes, errBytes) = await (outputData, errorData)
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: outBytes, as: UTF8.self),
            error: String(decoding: errBytes, as: UTF8.self))
    }

    /// Everything `handle` yields until its end, read on a new thread.
    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }

    /// The test-tools venv's Python (`.venv-test-tools`, which scripts/test.sh installs), failing the test
    /// with `installHint` when it is missing or cannot import `modules` (a comma-separated import list).
    static func testToolsPython(importing modules: String, installHint: String) async throws -> URL {
        let python = TestRepository.url(".venv-test-tools/bin/python")
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path), "\(python.path) is missing; \(installHint)")
        let probe = try await run(python, ["-c", "import \(modules)"])
        try #require(
            probe.status == 0, "cannot import \(modules) in .venv-test-tools: \(probe.error); \(installHint)")
        return python
    }

    /// How the browser tests' tools are installed.
    static let browserInstallHint =
        "scripts/test.sh installs them: apt-get install -y chromium chromium-driver, and selenium==4.51.0 "
        + "into .venv-test-tools"

    /// The test-tools venv's Python with Selenium, failing the test when it, Chromium or its driver is missing.
    static func browserPython() async throws -> URL {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(
                FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing; \(browserInstallHint)")
        }
        return try await testToolsPython(importing: "selenium", installHint: browserInstallHint)
    }
}

extension ServerProcess {
    /// A ready server with `auth` on and `key` its one API key (config and key file in `folder`); returns
    /// it and its WebSocket port.
    static func startReadyWithAPIKey(_ key: String, in folder: URL) async throws -> (server: ServerProcess, port: Int) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "\(key)\n".write(to: folder.appendingPathComponent("keys.txt"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("auth.yaml")
        try "auth:\n  enabled: true\n  keys_file: keys.txt\n".write(to: config, atomically: true, encoding: .utf8)
        return try await startReady(arguments: ["--config", config.path, "--port", "0"])
    }

    /// A server started with `arguments` (which should include `--port 0`), once it is ready; returns it
    /// and its WebSocket port. The server is stopped if it never becomes ready.
    static func startReady(arguments: [String]) async throws -> (server: ServerProcess, port: Int) {
        let server = try ServerProcess.start(arguments: arguments)
        do {
            let port = try await server.waitForPort()
            try await ServerProcess.waitForReady(base: "127.0.0.1:\(port)")
            return (server, port)
        } catch {
            server.stop()
            throw error
        }
    }
}
