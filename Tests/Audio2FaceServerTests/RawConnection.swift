import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One plain TCP connection to the server under test, for requests written by hand (whole, in pieces
/// or not at all) and for watching whether and how the server closes it. Its calls block: run them
/// through ``BlockingIO``.
final class RawConnection: Sendable {
    private let fd: Int32

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTP.Failure(description: "socket() failed") }
        do {
            try RawHTTP.connectLoopback(fd, port: port)
        } catch {
            close(fd)
            throw error
        }
    }

    deinit {
        close(fd)
    }

    /// Sends `text`; false when the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
    }

    /// Whether the server has something to read (or has closed) within `timeout`.
    func readable(within timeout: Duration) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = max(0, (timeout / .milliseconds(1)).rounded(.up))
        return poll(&descriptor, 1, Int32(milliseconds)) > 0
    }

    /// Reads until the server closes the connection or `timeout` passes (a guard against a hang, not a
    /// speed requirement); returns what arrived and whether the server closed.
    func readUntilClosed(timeout: Duration) -> (text: String, closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while ContinuousClock.now < deadline {
            guard readable(within: min(deadline - ContinuousClock.now, .milliseconds(200))) else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[0..<count]
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    /// Reads until `marker` has arrived, the server closes or `timeout` passes, and returns what arrived.
    func read(until marker: String, timeout: Duration) -> String {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while ContinuousClock.now < deadline, !String(decoding: received, as: UTF8.self).contains(marker) {
            guard readable(within: min(deadline - ContinuousClock.now, .milliseconds(200))) else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// The status code of the first response in `text`, or nil without a status line.
    static func status(in text: String) -> Int? {
        guard let line = text.split(separator: "\r\n").first else { return nil }
        let parts = line.split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }

    /// The value of header `name` in the first response head in `text` (name compared ignoring case).
    static func header(_ name: String, in text: String) -> String? {
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        for line in head.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
