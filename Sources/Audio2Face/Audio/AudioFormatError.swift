/// Audio the service cannot accept, with the allowed values in the message.
public enum AudioFormatError: Error, Equatable, CustomStringConvertible {
    case unsupportedSampleRate(Int)
    case unsupportedSampleWidth(Int)
    case unsupportedChannelCount(Int)
    /// A WAV file that is not RIFF/WAVE integer PCM.
    case unreadableWAV(String)

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
        }
    }
}
