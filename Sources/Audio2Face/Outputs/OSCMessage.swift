/// One argument of an OSC message: the three OSC 1.0 atomic types the live outputs send.
public enum OSCArgument: Sendable, Equatable {
    /// A 32-bit big-endian two's-complement integer (type tag `i`).
    case int32(Int32)
    /// A 32-bit big-endian IEEE 754 float (type tag `f`).
    case float32(Float)
    /// A UTF-8 string, NUL-terminated and padded to 4 bytes (type tag `s`).
    case string(String)

    /// The character this argument contributes to the type tag string.
    var typeTag: UInt8 {
        switch self {
        case .int32: UInt8(ascii: "i")
        case .float32: UInt8(ascii: "f")
        case .string: UInt8(ascii: "s")
        }
    }
}

/// An OSC 1.0 message: an address pattern and typed arguments, encoded as the address string, the type
/// tag string (`,` followed by one tag per argument) and the arguments, every part a multiple of 4 bytes.
public struct OSCMessage: Sendable, Equatable {
    /// The address pattern, e.g. `/VMC/Ext/Blend/Val`.
    public var address: String
    /// The arguments, in order.
    public var arguments: [OSCArgument]

    /// Creates a message to `address` carrying `arguments`.
    public init(_ address: String, _ arguments: [OSCArgument] = []) {
        self.address = address
        self.arguments = arguments
    }

    /// The message's bytes on the wire.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        append(to: &bytes)
        return bytes
    }

    /// Appends the message's bytes to `bytes` (a bundle writes its elements in place this way).
    public func append(to bytes: inout [UInt8]) {
        DatagramBytes.appendString(address, to: &bytes)
        DatagramBytes.appendPadded([UInt8(ascii: ",")] + arguments.map(\.typeTag), to: &bytes)
        for argument in arguments {
            switch argument {
            case .int32(let value): DatagramBytes.appendBigEndian(UInt32(bitPattern: value), to: &bytes)
            case .float32(let value): DatagramBytes.appendBigEndian(value.bitPattern, to: &bytes)
            case .string(let value): DatagramBytes.appendString(value, to: &bytes)
            }
        }
    }
}
