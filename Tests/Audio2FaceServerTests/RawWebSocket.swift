import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bare-socket WebSocket client for tests that need what real clients refuse to do: stop reading,
/// shrink their receive buffer, vanish mid-message. Sends masked binary frames; reads nothing unless
/// asked.
final class RawWebSocket: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32

    /// Connects to 127.0.0.1:`port`, optionally with a small receive buffer, and completes the upgrade
    /// of `path`. Sends time out after `sendTimeout` instead of blocking.
    init(port: Int, path: String, receiveBufferBytes: Int32? = nil, sendTimeout: Duration = .milliseconds(500)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        if var size = receiveBufferBytes {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let seconds = sendTimeout.components.seconds
        var timeout = timeval(
            tv_sec: Int(seconds), tv_usec: Int(sendTimeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        do {
            try RawHTTP.connectLoopback(fd, port: port)
        } catch {
            close(fd)
            throw error
        }
        let request = [
            "GET \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: Upgrade", "Upgrade: websocket",
            "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "", "",
        ].joined(separator: "\r\n")
        guard sendAll(Array(request.utf8)) else { throw Failure(description: "upgrade request not sent") }
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !head.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard recv(fd, &byte, 1, 0) == 1 else { throw Failure(description: "no upgrade response") }
            head.append(byte)
        }
        guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            throw Failure(description: "upgrade refused: \(String(decoding: head, as: UTF8.self))")
        }
    }

    deinit {
        close(fd)
    }

    /// Sends one binary message as a single masked frame; false when the socket would not take it in time.
    @discardableResult
    func sendBinary(_ payload: [UInt8]) -> Bool {
        var frame: [UInt8] = [0x82]
        switch payload.count {
        case ..<126: frame.append(0x80 | UInt8(payload.count))
        case ..<65_536: frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: frame += [0x80 | 127] + (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return sendAll(frame)
    }

    /// Sends raw bytes (for truncated frames and other garbage); false when they did not all go out.
    @discardableResult
    func sendAll(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Closes the socket abruptly (no close frame), as a vanished client would.
    func drop() {
        shutdown(fd, Int32(SHUT_RDWR))
    }
}
