import Foundation

/// A RIFF/WAVE file of integer PCM: its format and its raw interleaved little-endian sample bytes.
public struct WAVFile: Sendable, Equatable {
    /// The declared sample format.
    public var format: PCMFormat
    /// The `data` chunk: interleaved little-endian samples as the format describes.
    public var pcmBytes: [UInt8]

    /// Creates a file from raw samples.
    public init(format: PCMFormat, pcmBytes: [UInt8]) {
        self.format = format
        self.pcmBytes = pcmBytes
    }

    /// Reads and parses a WAV file.
    public init(contentsOf url: URL) throws {
        try self.init(bytes: [UInt8](Data(contentsOf: url)))
    }

    /// Parses WAV bytes (PCM format tag 1, or WAVE_FORMAT_EXTENSIBLE holding PCM).
    public init(bytes: [UInt8]) throws {
        func readUInt32(_ offset: Int) -> Int {
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
                | Int(bytes[offset + 3]) << 24
        }
        func readUInt16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        func tag(_ offset: Int) -> String { String(decoding: bytes[offset..<offset + 4], as: UTF8.self) }

        guard bytes.count >= 12, tag(0) == "RIFF", tag(8) == "WAVE" else {
            throw AudioFormatError.unreadableWAV("missing RIFF/WAVE header")
        }
        var offset = 12
        var format: PCMFormat?
        while offset + 8 <= bytes.count {
            let chunkID = tag(offset)
            let declaredSize = readUInt32(offset + 4)
            let body = offset + 8
            // Streamed WAVs (sox/espeak to a pipe) may declare a data size larger than the file.
            let size = min(declaredSize, bytes.count - body)
            if chunkID == "fmt " {
                guard size >= 16 else { throw AudioFormatError.unreadableWAV("fmt chunk too short") }
                let formatTag = readUInt16(body)
                guard formatTag == 1 || formatTag == 0xFFFE else {
                    throw AudioFormatError.unreadableWAV("format tag \(formatTag) is not integer PCM")
                }
                format = try PCMFormat(
                    sampleRate: readUInt32(body + 4), sampleWidth: readUInt16(body + 14) / 8,
                    channelCount: readUInt16(body + 2))
            } else if chunkID == "data" {
                guard let format else { throw AudioFormatError.unreadableWAV("data chunk before fmt chunk") }
                let usable = size - size % format.bytesPerFrame
                self.init(format: format, pcmBytes: Array(bytes[body..<body + usable]))
                return
            }
            offset = body + size + (size & 1)
        }
        throw AudioFormatError.unreadableWAV("no data chunk")
    }

    /// Duration of the audio in seconds.
    public var durationSeconds: Double { format.durationSeconds(ofByteCount: pcmBytes.count) }

    /// The whole file as bytes (44-byte canonical header plus data).
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(44 + pcmBytes.count)
        func append32(_ value: Int) { out += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        func append16(_ value: Int) { out += (0..<2).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        out += Array("RIFF".utf8)
        append32(36 + pcmBytes.count)
        out += Array("WAVEfmt ".utf8)
        append32(16)
        append16(1)
        append16(format.channelCount)
        append32(format.sampleRate)
        append32(format.sampleRate * format.bytesPerFrame)
        append16(format.bytesPerFrame)
        append16(format.sampleWidth * 8)
        out += Array("data".utf8)
        append32(pcmBytes.count)
        out += pcmBytes
        return out
    }

    /// Writes the file.
    public func write(to url: URL) throws {
        try Data(encoded()).write(to: url)
    }
}
