/// Builds WAV files byte by byte for tests, in layouts `WAVFile.encoded()` never writes: any format tag
/// and bit depth, WAVE_FORMAT_EXTENSIBLE, and extra chunks around the `fmt ` chunk.
public struct TestWAVWriter: Sendable {
    /// How the `fmt ` chunk declares the encoding.
    public enum Declaration: Sendable {
        /// A 16-byte `fmt ` chunk with this format tag.
        case plain(formatTag: Int)
        /// A 40-byte WAVE_FORMAT_EXTENSIBLE chunk whose sub-format GUID is the WAVE-family one for
        /// `subFormatTag` (1 PCM, 3 IEEE float…).
        case extensible(subFormatTag: Int)
        /// A 40-byte WAVE_FORMAT_EXTENSIBLE chunk with this exact 16-byte sub-format GUID.
        case extensibleGUID([UInt8])
    }

    public var declaration: Declaration
    public var bitsPerSample: Int
    public var sampleRate: Int
    public var channelCount: Int
    /// Chunks written after `RIFF…WAVE` and before `fmt ` (identifier of four ASCII letters, body).
    public var chunksBeforeFormat: [(String, [UInt8])] = []
    /// Chunks written between `fmt ` and `data`.
    public var chunksBeforeData: [(String, [UInt8])] = []

    public init(declaration: Declaration, bitsPerSample: Int, sampleRate: Int = 16_000, channelCount: Int = 1) {
        self.declaration = declaration
        self.bitsPerSample = bitsPerSample
        self.sampleRate = sampleRate
        self.channelCount = channelCount
    }

    /// The whole file holding `data` as its `data` chunk.
    public func bytes(data: [UInt8]) -> [UInt8] {
        var body = Array("WAVE".utf8)
        for (id, content) in chunksBeforeFormat { body += Self.chunk(id, content) }
        body += Self.chunk("fmt ", formatChunk())
        for (id, content) in chunksBeforeData { body += Self.chunk(id, content) }
        body += Self.chunk("data", data)
        return Array("RIFF".utf8) + Self.le(body.count, 4) + body
    }

    private func formatChunk() -> [UInt8] {
        let blockAlign = channelCount * bitsPerSample / 8
        let tag: Int
        switch declaration {
        case .plain(let formatTag): tag = formatTag
        case .extensible, .extensibleGUID: tag = 0xFFFE
        }
        var fmt = Self.le(tag, 2) + Self.le(channelCount, 2) + Self.le(sampleRate, 4)
        fmt += Self.le(sampleRate * blockAlign, 4) + Self.le(blockAlign, 2) + Self.le(bitsPerSample, 2)
        switch declaration {
        case .plain:
            break
        case .extensible(let subFormatTag):
            let guid = Self.le(subFormatTag, 2) + [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]
            fmt += Self.extensibleFields(bitsPerSample: bitsPerSample, guid: guid)
        case .extensibleGUID(let guid):
            fmt += Self.extensibleFields(bitsPerSample: bitsPerSample, guid: guid)
        }
        return fmt
    }

    /// `cbSize` 22, valid bits, channel mask 0 (unspecified), sub-format GUID.
    private static func extensibleFields(bitsPerSample: Int, guid: [UInt8]) -> [UInt8] {
        le(22, 2) + le(bitsPerSample, 2) + le(0, 4) + guid
    }

    private static func chunk(_ id: String, _ content: [UInt8]) -> [UInt8] {
        Array(id.utf8) + le(content.count, 4) + content + (content.count.isMultiple(of: 2) ? [] : [0])
    }

    private static func le(_ value: Int, _ byteCount: Int) -> [UInt8] {
        (0..<byteCount).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    // MARK: - Sample bytes

    /// Little-endian 32-bit floats.
    public static func float32Data(_ samples: [Float]) -> [UInt8] {
        samples.flatMap { le(Int($0.bitPattern), 4) }
    }

    /// Little-endian 64-bit floats.
    public static func float64Data(_ samples: [Double]) -> [UInt8] {
        samples.flatMap { sample in (0..<8).map { UInt8(truncatingIfNeeded: sample.bitPattern >> (8 * $0)) } }
    }

    /// Little-endian signed integers of `byteCount` bytes each (1 byte: unsigned around 128).
    public static func integerData(_ samples: [Int], byteCount: Int) -> [UInt8] {
        samples.flatMap { le(byteCount == 1 ? $0 + 128 : $0, byteCount) }
    }
}
