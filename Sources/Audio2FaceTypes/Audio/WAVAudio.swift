import Foundation

/// The audio of a RIFF/WAVE file exactly as stored: sample encoding, rate, channel count and the bytes
/// of the `data` chunk.
///
/// This is the reading half of WAV support; ``wireCompatible()`` turns it into a ``WAVFile`` whose
/// format the streaming protocol can carry. Chunks other than `fmt ` and `data` (`LIST`, `fact`,
/// `bext`, `JUNK`…) are skipped.
public struct WAVAudio: Sendable, Equatable {
    /// How each sample is stored.
    public var encoding: WAVSampleEncoding
    /// Samples per second per channel, as declared (checked when converted for the wire).
    public var sampleRate: Int
    /// Interleaved channels, as declared (checked when converted for the wire).
    public var channelCount: Int
    /// The `data` chunk, cut to whole interleaved frames.
    public var sampleBytes: [UInt8]

    /// Creates audio from its parts.
    public init(encoding: WAVSampleEncoding, sampleRate: Int, channelCount: Int, sampleBytes: [UInt8]) {
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.sampleBytes = sampleBytes
    }

    /// Reads and parses a WAV file.
    public init(contentsOf url: URL) throws {
        try self.init(bytes: [UInt8](Data(contentsOf: url)))
    }

    /// Parses the bytes of a WAV file.
    public init(bytes: [UInt8]) throws(AudioFormatError) {
        func uint32(_ offset: Int) -> Int {
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
                | Int(bytes[offset + 3]) << 24
        }
        func uint16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        func tag(_ offset: Int) -> String { String(decoding: bytes[offset..<offset + 4], as: UTF8.self) }

        guard bytes.count >= 12, tag(0) == "RIFF", tag(8) == "WAVE" else {
            throw .unreadableWAV("missing RIFF/WAVE header")
        }
        var offset = 12
        var declared: (encoding: WAVSampleEncoding, sampleRate: Int, channelCount: Int)?
        while offset + 8 <= bytes.count {
            let chunkID = tag(offset)
            let body = offset + 8
            // Streamed WAVs (sox/espeak to a pipe) may declare a data size larger than the file.
            let size = min(uint32(offset + 4), bytes.count - body)
            switch chunkID {
            case "fmt ":
                guard size >= 16 else { throw .unreadableWAV("fmt chunk is \(size) bytes; it needs at least 16") }
                let formatTag = uint16(body)
                let extensible = formatTag == WAVSampleEncoding.extensibleFormatTag && size >= 40
                let encoding = try WAVSampleEncoding(
                    formatTag: formatTag, bitsPerSample: uint16(body + 14),
                    subFormat: extensible ? Array(bytes[body + 24..<body + 40]) : nil)
                declared = (encoding, uint32(body + 4), uint16(body + 2))
            case "data":
                guard let declared else { throw .unreadableWAV("data chunk before fmt chunk") }
                guard declared.channelCount > 0 else { throw .unsupportedChannelCount(0) }
                let frameBytes = declared.encoding.bytesPerSample * declared.channelCount
                let usable = size - size % frameBytes
                self.init(
                    encoding: declared.encoding, sampleRate: declared.sampleRate,
                    channelCount: declared.channelCount, sampleBytes: Array(bytes[body..<body + usable]))
                return
            default:
                break
            }
            offset = body + size + (size & 1)
        }
        throw .unreadableWAV(declared == nil ? "no fmt chunk" : "no data chunk")
    }

    /// Interleaved frames (one sample of every channel) in the data.
    public var frameCount: Int { sampleBytes.count / max(1, encoding.bytesPerSample * channelCount) }

    /// Duration of the audio in seconds.
    public var durationSeconds: Double { sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0 }
}
