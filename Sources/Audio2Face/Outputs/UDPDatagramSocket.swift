#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A UDP socket connected to one receiver, that sends without ever blocking: a datagram the system
/// cannot take now, or that an earlier ICMP "port unreachable" refuses (a closed target), is dropped and
/// reported as such, never waited for and never thrown. Live outputs must not slow the stream they copy.
public final class UDPDatagramSocket: Sendable {
    /// The receiver as given (`host:port`, for messages).
    public let target: String
    private let descriptor: Int32

    /// Resolves `host` (a name or a literal IPv4/IPv6 address) and opens a socket to `port` on it.
    public init(host: String, port: Int) throws(LiveOutputError) {
        target = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard (1...65_535).contains(port) else { throw .invalidPort(port, target: target) }
        var hints = addrinfo()
        hints.ai_socktype = Self.datagramSocketType
        hints.ai_flags = AI_NUMERICSERV
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw .cannotResolve(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(results) }
        let socketDescriptor = socket(first.pointee.ai_family, Self.datagramSocketType, 0)
        guard socketDescriptor >= 0 else { throw .cannotOpenSocket(target: target, reason: Self.lastError) }
        _ = fcntl(socketDescriptor, F_SETFL, fcntl(socketDescriptor, F_GETFL) | O_NONBLOCK)
        guard connect(socketDescriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let reason = Self.lastError
            close(socketDescriptor)
            throw .cannotOpenSocket(target: target, reason: reason)
        }
        descriptor = socketDescriptor
    }

    deinit {
        close(descriptor)
    }

    /// Sends `datagram`; false when it was dropped (buffer full, target refused or unreachable).
    public func send(_ datagram: [UInt8]) -> Bool {
        let sent = datagram.withUnsafeBytes { sendWithoutWaiting($0) }
        return sent == datagram.count
    }

    private func sendWithoutWaiting(_ bytes: UnsafeRawBufferPointer) -> Int {
        #if canImport(Glibc)
            Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT))
        #else
            Darwin.send(descriptor, bytes.baseAddress, bytes.count, MSG_DONTWAIT)
        #endif
    }

    private static var datagramSocketType: Int32 {
        #if canImport(Glibc)
            Int32(SOCK_DGRAM.rawValue)
        #else
            SOCK_DGRAM
        #endif
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}
