import Foundation

/// WAV audio in a format the streaming protocol carries (8-bit unsigned, 16- or 32-bit signed integer
/// PCM): its format and its raw interleaved little-endian sample bytes.
///
/// Reading accepts every encoding ``WAVAudio`` understands (also 24-bit integer and 32/64-bit float,
/// plain or WAVE_FORMAT_EXTENSIBLE) and converts it as ``WAVAudio/wireCompatible()`` describes.
public struct WAVFile: Sendable, Equatable {
    /// The sample format, one the protocol allows.
    public var format: PCMFormat
    /// The `data` chunk: interleaved little-endian samples as the format describes.
    public var pcmBytes: [UInt8]

    /// Creates a file from raw samples.
    public init(format: PCMFormat, pcmBytes: [UInt8]) {
        self.format = format
        self.pcmBytes = pcmBytes
    }

    /// Reads a WAV file of any encoding ``WAVAudio`` understands, converted for the wire.
    public init(contentsOf url: URL) throws {
        self = try WAVAudio(contentsOf: url).wireCompatible()
    }

    /// Parses WAV bytes of any encoding ``WAVAudio`` understands, converted for the wire
    /// (see ``WAVAudio/wireCompatible()``).
    public init(bytes: [UInt8]) throws(AudioFormatError) {
        self = try WAVAudio(bytes: bytes).wireCompatible()
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
