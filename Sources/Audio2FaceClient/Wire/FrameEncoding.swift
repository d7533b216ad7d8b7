import Audio2FaceTypes
import Foundation

/// Little-endian float16 / float32 packing of frame values for response bodies.
public enum FrameEncoding {
    /// Packs `values` as little-endian `dtype`.
    public static func encode(_ values: [Float], as dtype: FrameDataType) -> Data {
        var data = Data(count: values.count * dtype.byteWidth)
        data.withUnsafeMutableBytes { raw in
            switch dtype {
            case .float16:
                for (index, value) in values.enumerated() {
                    raw.storeBytes(of: Float16(value).bitPattern.littleEndian, toByteOffset: index * 2, as: UInt16.self)
                }
            case .float32:
                for (index, value) in values.enumerated() {
                    raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * 4, as: UInt32.self)
                }
            }
        }
        return data
    }

    /// Unpacks little-endian `dtype` values (trailing partial values are ignored).
    public static func decode(_ data: Data, as dtype: FrameDataType) -> [Float] {
        let count = data.count / dtype.byteWidth
        return data.withUnsafeBytes { raw in
            (0..<count).map { index in
                switch dtype {
                case .float16:
                    Float(
                        Float16(
                            bitPattern: UInt16(
                                littleEndian: raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))))
                case .float32:
                    Float(
                        bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
                }
            }
        }
    }
}
