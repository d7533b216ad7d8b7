/// Turns a stream of PCM byte chunks into mono float samples in [-1, 1], at the input sample rate.
///
/// Chunks may end anywhere, even mid-sample: the bytes of an incomplete interleaved frame are kept and
/// completed by the next chunk. Channels are downmixed by averaging.
public struct PCMDecoder: Sendable {
    /// The format being decoded.
    public let format: PCMFormat
    private var partialFrame: [UInt8] = []

    /// Creates a decoder for `format`.
    public init(format: PCMFormat) {
        self.format = format
        partialFrame.reserveCapacity(format.bytesPerFrame)
    }

    /// Bytes of an incomplete frame held for the next chunk.
    public var pendingByteCount: Int { partialFrame.count }

    /// Decodes `bytes`, appending the mono samples of every completed frame to `output`.
    public mutating func decode(_ bytes: some Collection<UInt8>, into output: inout [Float]) {
        let frameBytes = format.bytesPerFrame
        var remaining = bytes[...]
        if !partialFrame.isEmpty {
            let needed = frameBytes - partialFrame.count
            partialFrame.append(contentsOf: remaining.prefix(needed))
            remaining = remaining.dropFirst(needed)
            guard partialFrame.count == frameBytes else { return }
            partialFrame.withUnsafeBufferPointer { appendFrames(from: UnsafeRawBufferPointer($0), into: &output) }
            partialFrame.removeAll(keepingCapacity: true)
        }
        let wholeByteCount = remaining.count - remaining.count % frameBytes
        let whole = remaining.prefix(wholeByteCount)
        let usedContiguousStorage: Void? = whole.withContiguousStorageIfAvailable { buffer in
            appendFrames(from: UnsafeRawBufferPointer(buffer), into: &output)
        }
        if usedContiguousStorage == nil {
            Array(whole).withUnsafeBufferPointer { appendFrames(from: UnsafeRawBufferPointer($0), into: &output) }
        }
        partialFrame.append(contentsOf: remaining.dropFirst(wholeByteCount))
    }

    /// Decodes a complete buffer of whole frames (convenience for files).
    public static func decodeAll(_ bytes: [UInt8], format: PCMFormat) -> [Float] {
        var decoder = PCMDecoder(format: format)
        var output: [Float] = []
        output.reserveCapacity(bytes.count / format.bytesPerFrame)
        decoder.decode(bytes, into: &output)
        return output
    }

    private func appendFrames(from raw: UnsafeRawBufferPointer, into output: inout [Float]) {
        let channels = format.channelCount
        let frameCount = raw.count / format.bytesPerFrame
        let channelScale = 1 / Float(channels)
        output.reserveCapacity(output.count + frameCount)
        for frame in 0..<frameCount {
            let base = frame * format.bytesPerFrame
            var sum: Float = 0
            for channel in 0..<channels {
                sum += sampleValue(raw, at: base + channel * format.sampleWidth)
            }
            output.append(sum * channelScale)
        }
    }

    private func sampleValue(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Float {
        switch format.sampleWidth {
        case 1:
            return (Float(raw[offset]) - 128) / 128
        case 2:
            let value = Int16(bitPattern: UInt16(raw[offset]) | UInt16(raw[offset + 1]) << 8)
            return Float(value) / 32_768
        default:
            let bits =
                UInt32(raw[offset]) | UInt32(raw[offset + 1]) << 8 | UInt32(raw[offset + 2]) << 16
                | UInt32(raw[offset + 3]) << 24
            return Float(Int32(bitPattern: bits)) / 2_147_483_648
        }
    }
}
