/// An OSC 1.0 bundle: the string `#bundle`, a 64-bit NTP time tag and elements each preceded by its size
/// as a 32-bit big-endian integer. Receivers apply the elements of one bundle together.
public struct OSCBundle: Sendable, Equatable {
    /// The time tag meaning "apply on receipt" (OSC 1.0 reserves the value 1 for it).
    public static let immediately: UInt64 = 1

    /// When the receiver should apply the elements (an NTP timestamp, or ``immediately``).
    public var timeTag: UInt64
    /// The messages, in order.
    public var messages: [OSCMessage]

    /// Creates a bundle of `messages` with `timeTag`.
    public init(timeTag: UInt64 = OSCBundle.immediately, messages: [OSCMessage]) {
        self.timeTag = timeTag
        self.messages = messages
    }

    /// The bundle's bytes on the wire.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        DatagramBytes.appendString("#bundle", to: &bytes)
        DatagramBytes.appendBigEndian(timeTag, to: &bytes)
        for message in messages {
            let sizeAt = bytes.count
            DatagramBytes.appendBigEndian(UInt32(0), to: &bytes)
            message.append(to: &bytes)
            let size = UInt32(bytes.count - sizeAt - 4).bigEndian
            withUnsafeBytes(of: size) { bytes.replaceSubrange(sizeAt..<(sizeAt + 4), with: $0) }
        }
        return bytes
    }
}
