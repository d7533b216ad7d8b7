import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A UDP socket bound to a free port on 127.0.0.1 that tests read datagrams from without waiting.
public final class LoopbackUDPReceiver: Sendable {
    /// The bound port.
    public let port: Int
    private let descriptor: Int32
    /// What ``readContinuously()`` has read so far.
    private let collected = Mutex<[[UInt8]]>([])
    private let stopped = Atomic<Bool>(false)

    /// Binds a free port; throws when the system refuses.
    public init() throws {
        #if canImport(Glibc)
            let datagram = Int32(SOCK_DGRAM.rawValue)
        #else
            let datagram = SOCK_DGRAM
        #endif
        let descriptor = socket(AF_INET, datagram, 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            close(descriptor)
            throw LoopbackUDPReceiverError()
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    /// A UDP port on 127.0.0.1 that nothing listens on (bound, then released at once).
    public static func closedPort() throws -> Int {
        try LoopbackUDPReceiver().port
    }

    /// Reads every datagram as it arrives on a thread of its own (never the test's task pool, which
    /// blocking helpers can fill), so the socket's buffer cannot overflow, until ``stopReading()``.
    public func readContinuously() {
        Thread.detachNewThread { [self] in
            while !stopped.load(ordering: .relaxed) {
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&waiting, 1, 20)
                let arrived = drain()
                collected.withLock { $0 += arrived }
            }
        }
    }

    /// Ends ``readContinuously()``'s thread.
    public func stopReading() {
        stopped.store(true, ordering: .relaxed)
    }

    /// What ``readContinuously()`` has read so far, in arrival order.
    public var collectedDatagrams: [[UInt8]] { collected.withLock { $0 } }

    /// Every datagram waiting now, in arrival order.
    public func drain() -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
            }
            guard count >= 0 else { return datagrams }
            datagrams.append(Array(buffer.prefix(count)))
        }
    }
}

/// The system refused a UDP socket on 127.0.0.1.
public struct LoopbackUDPReceiverError: Error {}
