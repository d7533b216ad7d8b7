import Audio2FaceTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `audio2face serve` running as a child process, with its log collected.
final class ServerProcess: Sendable {
    let process: Process
    private let log = Mutex("")

    private init(process: Process) {
        self.process = process
    }

    /// The `audio2face` executable built next to the test bundle.
    static func executable() throws -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let url = directory.appendingPathComponent("audio2face")
        try #require(FileManager.default.isExecutableFile(atPath: url.path), "build audio2face first: \(url.path)")
        return url
    }

    /// Starts `audio2face serve` with `arguments` in the repository root.
    static func start(arguments: [String]) throws -> ServerProcess {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = ["serve"] + arguments
        process.currentDirectoryURL = TestRepository.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let server = ServerProcess(process: process)
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            server.log.withLock { $0 += text }
        }
        try process.run()
        return server
    }

    /// Everything the process has logged so far.
    var output: String { log.withLock { $0 } }

    /// Waits for the "listening" log line and returns the port in it.
    func waitForPort(timeout: Duration = .seconds(30)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let range = output.range(of: #"ws://[^:]+:(\d+)/"#, options: .regularExpression) {
                let match = output[range]
                let digits = match.split(separator: ":").last?.filter(\.isNumber) ?? ""
                if let port = Int(digits) { return port }
            }
            try #require(process.isRunning, "server exited: \(output)")
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServerProcessError.timedOut("no listening line in: \(output)")
    }

    /// Waits until `text` appears `count` times in the log.
    func waitForLog(_ text: String, count: Int = 1, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while output.components(separatedBy: text).count - 1 < count {
            guard ContinuousClock.now < deadline else { throw ServerProcessError.timedOut("no \(count)× '\(text)' in: \(output)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw ServerProcessError.timedOut("still running: \(output)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    /// Kills the process if it still runs.
    func stop() {
        if process.isRunning { process.terminate() }
    }

    /// GETs `url` and returns the status and body.
    static func get(_ url: String, headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, String(decoding: data, as: UTF8.self))
    }

    /// Polls `/ready` until it answers 200.
    static func waitForReady(base: String, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let (status, _) = try? await get("http://\(base)/ready"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServerProcessError.timedOut("/ready never answered 200")
    }
}

enum ServerProcessError: Error {
    case timedOut(String)
}
