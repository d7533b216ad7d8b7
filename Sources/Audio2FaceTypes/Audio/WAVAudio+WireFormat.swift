/// Conversion of stored WAV audio into what the streaming protocol carries.
///
/// The protocol's `sample_width` allows 1 (unsigned 8-bit), 2 (signed 16-bit) and 4 (signed 32-bit
/// integer). Those encodings pass through unchanged. The others are converted:
///
/// - 24-bit integer becomes 32-bit integer (each sample shifted left by 8 bits): lossless, and the
///   decoder's full scale is the same, so the samples the engine sees are identical;
/// - 32- and 64-bit float become 16-bit integer: `round(x × 32768)` clamped to −32768…32767
///   (NaN becomes 0). 16 bits are far beyond what speech animation resolves, and half the bytes of
///   32-bit integer on the wire.
extension WAVAudio {
    /// The sample width this audio is sent with.
    public var wireSampleWidth: Int {
        switch encoding {
        case .integer(let bits): bits == 24 ? 4 : bits / 8
        case .float: 2
        }
    }

    /// The same audio in a format the streaming protocol carries, checking rate and channel count.
    public func wireCompatible() throws(AudioFormatError) -> WAVFile {
        let format = try PCMFormat(sampleRate: sampleRate, sampleWidth: wireSampleWidth, channelCount: channelCount)
        switch encoding {
        case .integer(bitsPerSample: 24):
            return WAVFile(format: format, pcmBytes: Self.widen24To32(sampleBytes))
        case .integer:
            return WAVFile(format: format, pcmBytes: sampleBytes)
        case .float(bitsPerSample: 64):
            return WAVFile(format: format, pcmBytes: Self.int16Bytes(ofFloatSamples: sampleBytes, width: 8))
        case .float:
            return WAVFile(format: format, pcmBytes: Self.int16Bytes(ofFloatSamples: sampleBytes, width: 4))
        }
    }

    /// The 16-bit sample nearest to a float sample with full scale ±1.
    public static func int16Sample(fromUnitSample value: Double) -> Int16 {
        guard !value.isNaN else { return 0 }
        let scaled = (value * 32_768).rounded()
        return Int16(min(max(scaled, Double(Int16.min)), Double(Int16.max)))
    }

    private static func widen24To32(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 3 * 4)
        var index = bytes.startIndex
        while index + 3 <= bytes.endIndex {
            out.append(0)
            out.append(contentsOf: bytes[index..<index + 3])
            index += 3
        }
        return out
    }

    private static func int16Bytes(ofFloatSamples bytes: [UInt8], width: Int) -> [UInt8] {
        let sampleCount = bytes.count / width
        var out = [UInt8](repeating: 0, count: sampleCount * 2)
        bytes.withUnsafeBytes { raw in
            for index in 0..<sampleCount {
                let offset = index * width
                let value: Double =
                    if width == 8 {
                        Double(
                            bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                        )
                    } else {
                        Double(
                            Float(
                                bitPattern: UInt32(
                                    littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
                    }
                let sample = UInt16(bitPattern: int16Sample(fromUnitSample: value))
                out[index * 2] = UInt8(truncatingIfNeeded: sample)
                out[index * 2 + 1] = UInt8(truncatingIfNeeded: sample >> 8)
            }
        }
        return out
    }
}
