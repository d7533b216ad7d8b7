/// Audio the service cannot accept, with the allowed values in the message.
public enum AudioFormatError: Error, Equatable, CustomStringConvertible {
    case unsupportedSampleRate(Int)
    case unsupportedSampleWidth(Int)
    case unsupportedChannelCount(Int)
    /// A WAV file whose RIFF structure cannot be read (no header, no `fmt ` or `data` chunk…).
    case unreadableWAV(String)
    /// A WAV `fmt ` chunk whose format tag is neither integer PCM, IEEE float nor extensible.
    case unsupportedWAVFormatTag(Int)
    /// A WAV bit depth that the declared encoding does not allow here.
    case unsupportedWAVBitsPerSample(Int, floatingPoint: Bool)
    /// A WAVE_FORMAT_EXTENSIBLE sub-format GUID that is neither PCM nor IEEE float.
    case unsupportedWAVSubFormat(String)

    public var description: String {
        switch self {
        case .unsupportedSampleRate(let rate):
            "sample_rate \(rate) is not supported; use \(PCMFormat.supportedSampleRates.lowerBound)"
                + "…\(PCMFormat.supportedSampleRates.upperBound) Hz"
        case .unsupportedSampleWidth(let width):
            "sample_width \(width) is not supported; use 1 (unsigned 8-bit), 2 (signed 16-bit) "
                + "or 4 (signed 32-bit)"
        case .unsupportedChannelCount(let count):
            "n_channels \(count) is not supported; use \(PCMFormat.supportedChannelCounts.lowerBound)"
                + "…\(PCMFormat.supportedChannelCounts.upperBound)"
        case .unreadableWAV(let reason):
            "not a readable WAV file: \(reason)"
        case .unsupportedWAVFormatTag(let tag):
            "WAV format tag \(Self.formatTagName(tag)) is not supported; use 1 (integer PCM), 3 (IEEE float) "
                + "or 0xFFFE (WAVE_FORMAT_EXTENSIBLE with a PCM or IEEE float sub-format)"
        case .unsupportedWAVBitsPerSample(let bits, let floatingPoint):
            floatingPoint
                ? "WAV bits per sample \(bits) is not supported for IEEE float; use "
                    + Self.list(WAVSampleEncoding.supportedFloatBits)
                : "WAV bits per sample \(bits) is not supported for integer PCM; use "
                    + Self.list(WAVSampleEncoding.supportedIntegerBits)
        case .unsupportedWAVSubFormat(let guid):
            "WAV extensible sub-format \(guid) is not supported; use PCM ("
                + WAVSampleEncoding.subFormatGUIDString(formatTag: WAVSampleEncoding.integerFormatTag)
                + ") or IEEE float ("
                + WAVSampleEncoding.subFormatGUIDString(formatTag: WAVSampleEncoding.floatFormatTag) + ")"
        }
    }

    /// Format tags people meet in practice, so the message says what the file is.
    private static let knownFormatTags: [Int: String] = [
        0x0002: "Microsoft ADPCM", 0x0006: "A-law", 0x0007: "µ-law", 0x0011: "IMA ADPCM",
        0x0031: "GSM 6.10", 0x0050: "MPEG", 0x0055: "MPEG Layer 3",
    ]

    private static func formatTagName(_ tag: Int) -> String {
        knownFormatTags[tag].map { "\(tag) (\($0))" } ?? "\(tag)"
    }

    private static func list(_ values: [Int]) -> String {
        let names = values.map(String.init)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}
