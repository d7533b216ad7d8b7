/// The element type of frame data on the wire (`streaming.dtype`).
public enum FrameDataType: String, Sendable, CaseIterable {
    /// IEEE half precision, little-endian (the reference's choice).
    case float16
    /// IEEE single precision, little-endian.
    case float32

    /// Bytes per value.
    public var byteWidth: Int { self == .float16 ? 2 : 4 }
}
