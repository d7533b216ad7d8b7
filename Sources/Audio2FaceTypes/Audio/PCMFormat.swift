/// The layout of interleaved little-endian PCM bytes as a client declares it at stream start.
public struct PCMFormat: Sendable, Equatable, CustomStringConvertible {
    /// Sample rates accepted from clients, in Hz.
    public static let supportedSampleRates = 8_000...48_000
    /// Bytes per sample accepted from clients: unsigned 8-bit, signed 16-bit, signed 32-bit.
    public static let supportedSampleWidths = [1, 2, 4]
    /// Channel counts accepted from clients (more than one is downmixed).
    public static let supportedChannelCounts = 1...8
    /// The engines' native format: 16 kHz, 16-bit, mono.
    public static let engineNative = PCMFormat(uncheckedSampleRate: 16_000, sampleWidth: 2, channelCount: 1)

    /// Samples per second per channel.
    public let sampleRate: Int
    /// Bytes per sample (1, 2 or 4).
    public let sampleWidth: Int
    /// Interleaved channels.
    public let channelCount: Int

    /// Validates a client's declared format, naming the bad field and the allowed values.
    public init(sampleRate: Int, sampleWidth: Int, channelCount: Int) throws(AudioFormatError) {
        guard Self.supportedSampleRates.contains(sampleRate) else {
            throw .unsupportedSampleRate(sampleRate)
        }
        guard Self.supportedSampleWidths.contains(sampleWidth) else {
            throw .unsupportedSampleWidth(sampleWidth)
        }
        guard Self.supportedChannelCounts.contains(channelCount) else {
            throw .unsupportedChannelCount(channelCount)
        }
        self.init(uncheckedSampleRate: sampleRate, sampleWidth: sampleWidth, channelCount: channelCount)
    }

    private init(uncheckedSampleRate: Int, sampleWidth: Int, channelCount: Int) {
        self.sampleRate = uncheckedSampleRate
        self.sampleWidth = sampleWidth
        self.channelCount = channelCount
    }

    /// Bytes in one interleaved frame (one sample of every channel).
    public var bytesPerFrame: Int { sampleWidth * channelCount }

    /// Duration of `byteCount` bytes of audio in seconds.
    public func durationSeconds(ofByteCount byteCount: Int) -> Double {
        Double(byteCount / bytesPerFrame) / Double(sampleRate)
    }

    public var description: String {
        "\(sampleRate) Hz, \(sampleWidth * 8)-bit, \(channelCount) channel\(channelCount == 1 ? "" : "s")"
    }
}
