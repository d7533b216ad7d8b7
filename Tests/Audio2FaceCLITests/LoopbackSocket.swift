import Foundation

#if canImport(Glibc)
    import Glibc

    /// A plain TCP connection to a server on 127.0.0.1 from a chosen loopback source address (any of
    /// 127.0.0.0/8 works on Linux), so that one test can act as many clients. It is closed when released.
    final class LoopbackSocket {
        /// What the server has done with the connection so far.
        enum State: Equatable {
            /// Nothing arrived and the connection is open: admitted and waiting, or not yet accepted.
            case silent
            /// The server sent this (and may have closed since).
            case answered(String)
            /// The server closed the connection without a word.
            case closed
        }

        private let descriptor: Int32
        private var received = ""
        private var ended = false

        /// Connects from `source` to 127.0.0.1:`port`; nil when the connection cannot be made within
        /// `timeoutSeconds` (the kernel's listen backlog is full, say).
        init?(from source: String, toPort port: Int, timeoutSeconds: Int = 2) {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { return nil }
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            // On Linux the send timeout bounds connect() too.
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard Self.bind(descriptor, to: source, port: 0), Self.connect(descriptor, toPort: port) else {
                Glibc.close(descriptor)
                return nil
            }
        }

        deinit {
            Glibc.close(descriptor)
        }

        /// Sends `text` as it is (a half request head, a whole request).
        func send(_ text: String) {
            var bytes = Array(text.utf8)
            _ = bytes.withUnsafeMutableBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// Reads what has arrived without waiting and says where the connection stands.
        func state() -> State {
            drain(waiting: false)
            if !received.isEmpty { return .answered(received) }
            return ended ? .closed : .silent
        }

        /// Reads until the server closes the connection or the receive timeout passes; returns it all.
        func readToEnd() -> String {
            drain(waiting: true)
            return received
        }

        private func drain(waiting: Bool) {
            var buffer = [UInt8](repeating: 0, count: 4_096)
            while !ended {
                let count = buffer.withUnsafeMutableBytes {
                    recv(descriptor, $0.baseAddress, $0.count, waiting ? 0 : Int32(MSG_DONTWAIT))
                }
                if count > 0 {
                    received += String(decoding: buffer[..<count], as: UTF8.self)
                } else {
                    // 0 is the server's close; a reset counts as one too. Otherwise nothing (more) yet.
                    if count == 0 || errno == ECONNRESET { ended = true }
                    return
                }
            }
        }

        private static func bind(_ descriptor: Int32, to host: String, port: Int) -> Bool {
            var address = socketAddress(host, port: port)
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
        }

        private static func connect(_ descriptor: Int32, toPort port: Int) -> Bool {
            var address = socketAddress("127.0.0.1", port: port)
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
        }

        private static func socketAddress(_ host: String, port: Int) -> sockaddr_in {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &address.sin_addr)
            return address
        }

        /// GETs `path` on a fresh connection from `source` and returns the status code, or nil when no
        /// status line came back before the server closed or `timeoutSeconds` passed.
        static func statusOfGet(_ path: String, port: Int, from source: String = "127.0.0.1", timeoutSeconds: Int = 10)
            -> Int?
        {
            guard let connection = LoopbackSocket(from: source, toPort: port, timeoutSeconds: timeoutSeconds) else {
                return nil
            }
            connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let response = connection.readToEnd()
            guard response.hasPrefix("HTTP/1.1 ") else { return nil }
            return Int(response.dropFirst("HTTP/1.1 ".count).prefix(3))
        }
    }
#endif
