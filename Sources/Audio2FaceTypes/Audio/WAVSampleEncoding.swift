/// How a WAV file stores each sample, as its `fmt ` chunk declares it.
///
/// Integer PCM of 8 (unsigned), 16, 24 and 32 bits (signed) and IEEE float of 32 and 64 bits are
/// understood, whether declared with a plain format tag or through WAVE_FORMAT_EXTENSIBLE. Anything
/// else (A-law, µ-law, ADPCM, 12-bit, half floats…) is refused with an error naming the field and the
/// values that are accepted.
public enum WAVSampleEncoding: Sendable, Equatable, CustomStringConvertible {
    /// Little-endian integer PCM: unsigned around 128 at 8 bits, two's complement above.
    case integer(bitsPerSample: Int)
    /// Little-endian IEEE 754 float with full scale at ±1.
    case float(bitsPerSample: Int)

    /// Bit depths accepted for integer PCM.
    public static let supportedIntegerBits = [8, 16, 24, 32]
    /// Bit depths accepted for IEEE float.
    public static let supportedFloatBits = [32, 64]

    /// `wFormatTag` of integer PCM.
    static let integerFormatTag = 0x0001
    /// `wFormatTag` of IEEE float.
    static let floatFormatTag = 0x0003
    /// `wFormatTag` that defers to the sub-format GUID of the extended `fmt ` chunk.
    static let extensibleFormatTag = 0xFFFE

    /// Interprets the `fmt ` chunk's format tag and bit depth; `subFormat` is the 16-byte GUID of a
    /// WAVE_FORMAT_EXTENSIBLE chunk and is only consulted when the tag says so.
    init(formatTag: Int, bitsPerSample: Int, subFormat: [UInt8]?) throws(AudioFormatError) {
        var effectiveTag = formatTag
        if formatTag == Self.extensibleFormatTag {
            guard let subFormat, subFormat.count == 16 else {
                throw .unreadableWAV("WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes")
            }
            guard let tag = Self.formatTag(ofSubFormat: subFormat) else {
                throw .unsupportedWAVSubFormat(Self.guidString(subFormat))
            }
            effectiveTag = tag
        }
        switch effectiveTag {
        case Self.integerFormatTag:
            guard Self.supportedIntegerBits.contains(bitsPerSample) else {
                throw .unsupportedWAVBitsPerSample(bitsPerSample, floatingPoint: false)
            }
            self = .integer(bitsPerSample: bitsPerSample)
        case Self.floatFormatTag:
            guard Self.supportedFloatBits.contains(bitsPerSample) else {
                throw .unsupportedWAVBitsPerSample(bitsPerSample, floatingPoint: true)
            }
            self = .float(bitsPerSample: bitsPerSample)
        default:
            throw formatTag == Self.extensibleFormatTag
                ? .unsupportedWAVSubFormat(Self.guidString(subFormat ?? []))
                : .unsupportedWAVFormatTag(formatTag)
        }
    }

    /// Bits of one sample.
    public var bitsPerSample: Int {
        switch self {
        case .integer(let bits), .float(let bits): bits
        }
    }

    /// Bytes of one sample in the file.
    public var bytesPerSample: Int { bitsPerSample / 8 }

    public var description: String {
        switch self {
        case .integer(let bits): "\(bits)-bit integer PCM"
        case .float(let bits): "\(bits)-bit float"
        }
    }

    // MARK: - Sub-format GUIDs

    /// The 14 bytes that follow the two-byte format code in every `KSDATAFORMAT_SUBTYPE_*` GUID of the
    /// WAVE family (`xxxxxxxx-0000-0010-8000-00aa00389b71`).
    private static let waveSubFormatSuffix: [UInt8] = [
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
    ]

    /// The plain format tag a WAVE-family sub-format GUID stands for, if it is one.
    private static func formatTag(ofSubFormat guid: [UInt8]) -> Int? {
        guard Array(guid[2...]) == waveSubFormatSuffix else { return nil }
        return Int(guid[0]) | Int(guid[1]) << 8
    }

    /// The GUID in its usual text form (the first three groups are stored little-endian).
    static func guidString(_ bytes: [UInt8]) -> String {
        guard bytes.count == 16 else { return "(missing)" }
        func hex(_ indices: [Int]) -> String {
            indices.map { index in
                let text = String(bytes[index], radix: 16)
                return text.count == 1 ? "0" + text : text
            }.joined()
        }
        return [hex([3, 2, 1, 0]), hex([5, 4]), hex([7, 6]), hex([8, 9]), hex(Array(10..<16))]
            .joined(separator: "-")
    }

    /// The GUID text of the WAVE-family sub-format for `formatTag`, for messages.
    static func subFormatGUIDString(formatTag: Int) -> String {
        guidString([UInt8(formatTag & 0xFF), UInt8(formatTag >> 8)] + waveSubFormatSuffix)
    }
}
