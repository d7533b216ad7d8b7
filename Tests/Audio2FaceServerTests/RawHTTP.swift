import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Sends hand-written HTTP requests over a plain TCP socket, to see exactly what the server answers a
/// WebSocket upgrade (test clients hide refused upgrades behind a generic error).
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends a WebSocket upgrade GET for `target` with `headers` and returns the response status code.
    static func upgradeStatus(port: Int, target: String, headers: [String: String] = [:]) throws -> Int {
        var lines = [
            "GET \(target) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: Upgrade", "Upgrade: websocket",
            "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        ]
        lines += headers.map { "\($0.key): \($0.value)" }
        let response = try exchange(port: port, request: lines.joined(separator: "\r\n") + "\r\n\r\n")
        let statusLine = response.split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let code = Int(parts[1]) else {
            throw Failure(description: "no status line in \(response)")
        }
        return code
    }

    /// Writes `request` and reads until the end of the response head.
    private static func exchange(port: Int, request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        try connectLoopback(fd, port: port)
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw Failure(description: "send() failed") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Connects socket `fd` to 127.0.0.1:`port`.
    static func connectLoopback(_ fd: Int32, port: Int) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect() to port \(port) failed") }
    }
}
