import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bare-socket WebSocket client for tests that need what real clients refuse to do: stop reading,
/// shrink their receive buffer, vanish mid-message, send frames that break RFC 6455. Sends masked
/// binary frames unless told otherwise; reads nothing unless asked.
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
        sendFrame(opcode: 0x2, payload: payload)
    }

    /// Sends one frame with `opcode` (masked unless told otherwise, as RFC 6455 requires of clients);
    /// false when the socket would not take it in time.
    @discardableResult
    func sendFrame(opcode: UInt8, fin: Bool = true, masked: Bool = true, payload: [UInt8]) -> Bool {
        var frame = Self.frameHeader(opcode: opcode, fin: fin, masked: masked, payloadLength: payload.count)
        if masked {
            frame += payload.enumerated().map { $0.element ^ Self.mask[$0.offset % 4] }
        } else {
            frame += payload
        }
        return sendAll(frame)
    }

    /// Sends a close frame with `code` and `reason`.
    @discardableResult
    func sendClose(code: UInt16, reason: String = "") -> Bool {
        sendFrame(opcode: 0x8, payload: [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8))
    }

    /// The mask every masked frame of this client uses.
    private static let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]

    /// The header of a frame announcing `payloadLength` bytes (with the mask key when `masked`); sent
    /// alone, it announces a payload that never comes.
    static func frameHeader(opcode: UInt8, fin: Bool = true, masked: Bool = true, payloadLength: Int) -> [UInt8] {
        var header: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        let maskBit: UInt8 = masked ? 0x80 : 0
        switch payloadLength {
        case ..<126: header.append(maskBit | UInt8(payloadLength))
        case ..<65_536: header += [maskBit | 126, UInt8(payloadLength >> 8), UInt8(payloadLength & 0xFF)]
        default: header += [maskBit | 127] + (0..<8).reversed().map { UInt8((payloadLength >> ($0 * 8)) & 0xFF) }
        }
        return masked ? header + mask : header
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

    /// A frame from the server.
    struct Frame: Sendable {
        var opcode: UInt8
        var fin: Bool
        var payload: [UInt8]

        /// The status code of a close frame (nil for other frames and a close frame without one).
        var closeCode: UInt16? {
            guard opcode == 0x8, payload.count >= 2 else { return nil }
            return UInt16(payload[0]) << 8 | UInt16(payload[1])
        }

        /// The reason text of a close frame ("" when it has none).
        var closeReason: String {
            opcode == 0x8 && payload.count > 2 ? String(decoding: payload[2...], as: UTF8.self) : ""
        }
    }

    /// Reads frames until the server's close frame, and returns the frames before it and the close frame
    /// (nil when the connection ended without one or `timeout` passed first, a guard against a hang).
    func readUntilClose(timeout: Duration) -> (before: [Frame], close: Frame?) {
        let deadline = ContinuousClock.now + timeout
        var before: [Frame] = []
        while let frame = readFrame(until: deadline) {
            if frame.opcode == 0x8 { return (before, frame) }
            before.append(frame)
        }
        return (before, nil)
    }

    /// Whether the server closes the connection within `timeout` (a guard against a hang, not a speed
    /// requirement); whatever it sends first is read and dropped.
    func closedByServer(within timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) > 0 else { continue }
            if recv(fd, &buffer, buffer.count, 0) <= 0 { return true }
        }
        return false
    }

    /// The next frame, or nil when the connection ends or `deadline` passes first.
    private func readFrame(until deadline: ContinuousClock.Instant) -> Frame? {
        guard let head = receive(2, until: deadline) else { return nil }
        var length = Int(head[1] & 0x7F)
        if length >= 126 {
            guard let extended = receive(length == 126 ? 2 : 8, until: deadline) else { return nil }
            length = extended.reduce(0) { $0 << 8 | Int($1) }
        }
        // Server frames carry no mask key (RFC 6455 §5.1).
        guard let payload = receive(length, until: deadline) else { return nil }
        return Frame(opcode: head[0] & 0x0F, fin: head[0] & 0x80 != 0, payload: payload)
    }

    /// Exactly `count` bytes, or nil when the connection ends or `deadline` passes first.
    private func receive(_ count: Int, until deadline: ContinuousClock.Instant) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: max(count, 1))
        while bytes.count < count {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(remaining / .milliseconds(1), 200).rounded(.up))
            guard poll(&descriptor, 1, milliseconds) > 0 else { continue }
            let received = recv(fd, &buffer, count - bytes.count, 0)
            guard received > 0 else { return nil }
            bytes += buffer[0..<received]
        }
        return bytes
    }

    /// Closes the socket abruptly (no close frame), as a vanished client would.
    func drop() {
        shutdown(fd, Int32(SHUT_RDWR))
    }
}
