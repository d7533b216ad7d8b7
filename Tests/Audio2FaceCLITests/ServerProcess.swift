import Audio2FaceTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The built `audio2face serve` running as a child process, with its log collected. Waiting for a log
/// line or for the exit wakes on each piece of output and on termination, never on a timer; the
/// timeouts only stop a test that would otherwise hang.
final class ServerProcess: Sendable {
    let process: Process

    private struct State {
        var log = ""
        var watchers: [UInt64: AsyncStream<Void>.Continuation] = [:]
        var nextWatcherID: UInt64 = 0
    }

    private let state = Mutex(State())

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

    /// An open-file limit a shell sets before it becomes the server (same process id).
    enum DescriptorLimitSetting {
        /// Only the soft limit, which the server may raise again up to the hard one.
        case soft(Int)
        /// The soft and the hard limit, which the server cannot raise.
        case softAndHard(Int)

        var ulimitCommand: String {
            switch self {
            case .soft(let limit): "ulimit -S -n \(limit)"
            case .softAndHard(let limit): "ulimit -n \(limit)"
            }
        }
    }

    /// Starts `audio2face serve` with `arguments` in the repository root, under `descriptorLimit` if given.
    /// The gRPC API listens on a free port unless `arguments` name one (tests run in parallel).
    static func start(arguments: [String], descriptorLimit: DescriptorLimitSetting? = nil) throws -> ServerProcess {
        let arguments = arguments.contains("--grpc-port") ? arguments : arguments + ["--grpc-port", "0"]
        let process = Process()
        if let descriptorLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments =
                ["-c", "\(descriptorLimit.ulimitCommand) && exec \"$0\" serve \"$@\"", try executable().path]
                + arguments
        } else {
            process.executableURL = try executable()
            process.arguments = ["serve"] + arguments
        }
        process.currentDirectoryURL = TestRepository.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let server = ServerProcess(process: process)
        pipe.fileHandleForReading.readabilityHandler = { handle in
            server.changed(appending: String(decoding: handle.availableData, as: UTF8.self))
        }
        process.terminationHandler = { _ in server.changed(appending: "") }
        try process.run()
        return server
    }

    /// Everything the process has logged so far.
    var output: String { state.withLock { $0.log } }

    /// Waits for the "listening" log line and returns the port in it.
    func waitForPort(timeout: Duration = .seconds(30)) async throws -> Int {
        try await waitUntil(timeout: timeout, "no listening line") { output in
            if let range = output.range(of: #"ws://[^:]+:(\d+)/"#, options: .regularExpression) {
                let digits = output[range].split(separator: ":").last?.filter(\.isNumber) ?? ""
                if let port = Int(digits) { return port }
            }
            try #require(self.process.isRunning, "server exited: \(output)")
            return nil
        }
    }

    /// Waits until `text` appears `count` times in the log.
    func waitForLog(_ text: String, count: Int = 1, timeout: Duration = .seconds(30)) async throws {
        try await waitUntil(timeout: timeout, "no \(count)× '\(text)'") { output in
            output.components(separatedBy: text).count - 1 >= count ? () : nil
        }
    }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Duration) async throws -> Int32 {
        try await waitUntil(timeout: timeout, "still running") { _ in
            self.process.isRunning ? nil : self.process.terminationStatus
        }
    }

    /// Returns the first non-nil answer of `check`, asked now and after each piece of output and the
    /// termination; throws `ServerProcessError.timedOut` when `timeout` passes first.
    private func waitUntil<Answer: Sendable>(
        timeout: Duration, _ failure: String, _ check: @escaping @Sendable (String) throws -> Answer?
    ) async throws -> Answer {
        let (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            state.nextWatcherID += 1
            state.watchers[state.nextWatcherID] = continuation
            return state.nextWatcherID
        }
        defer { _ = state.withLock { $0.watchers.removeValue(forKey: id) } }
        return try await withThrowingTaskGroup(of: Answer?.self) { group in
            group.addTask {
                if let answer = try check(self.output) { return answer }
                for await _ in changes {
                    if let answer = try check(self.output) { return answer }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let answer = try await group.next() ?? nil else {
                throw ServerProcessError.timedOut("\(failure) after \(timeout) in: \(output)")
            }
            return answer
        }
    }

    private func changed(appending text: String) {
        let watchers = state.withLock { state in
            state.log += text
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.yield() }
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
