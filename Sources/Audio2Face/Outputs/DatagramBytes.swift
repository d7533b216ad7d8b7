/// The byte-level writing the live outputs share: big-endian numbers (OSC and Live Link Face) and OSC's
/// NUL-padded strings.
enum DatagramBytes {
    /// Appends `value` most significant byte first.
    static func appendBigEndian<Integer: FixedWidthInteger>(_ value: Integer, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends `string` as UTF-8 with a terminating NUL, padded with NULs to a multiple of 4 bytes.
    static func appendString(_ string: String, to bytes: inout [UInt8]) {
        appendPadded(Array(string.utf8), to: &bytes)
    }

    /// Appends `content`, at least one NUL and then NULs up to the next multiple of 4 bytes (OSC's rule for
    /// strings and type tags).
    static func appendPadded(_ content: [UInt8], to bytes: inout [UInt8]) {
        bytes.append(contentsOf: content)
        let padding = 4 - content.count % 4
        bytes.append(contentsOf: repeatElement(0, count: padding))
    }
}
