import Audio2FaceTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `moto_server` (a local AWS endpoint from PyPI's `moto[server]`, installed into .venv-test-tools/ by
/// scripts/install-python-tools.sh) running as a child process on a free loopback port.
final class MotoServer: Sendable {
    let process: Process
    let port: Int

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// `http://127.0.0.1:<port>`.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts moto_server and waits until it accepts connections.
    static func start() async throws -> MotoServer {
        let executable = TestRepository.url(".venv-test-tools/bin/moto_server")
        try #require(
            FileManager.default.isExecutableFile(atPath: executable.path),
            "moto_server is missing: scripts/test.sh installs it (scripts/install-python-tools.sh .venv-test-tools \"moto[server]==5.2.5\")"
        )
        let port = try freeLoopbackPort()
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = MotoServer(process: process, port: port)
        let deadline = ContinuousClock.now + .seconds(30)
        while !canConnect(port: port) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                server.stop()
                throw MotoServerError(description: "moto_server did not start on port \(port)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return server
    }

    /// Kills the server (it keeps nothing worth a clean exit, and a child of a process that ignores
    /// SIGTERM, as signal-handling services make it, inherits the ignoring).
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    struct MotoServerError: Error, CustomStringConvertible {
        let description: String
    }

    /// A port nothing listens on now (the kernel's choice for a socket bound to port 0).
    private static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw MotoServerError(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        return (try? RawHTTP.connectLoopback(fd, port: port)) != nil
    }
}
