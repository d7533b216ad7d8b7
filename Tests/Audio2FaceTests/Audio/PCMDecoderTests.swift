import Testing

@testable import Audio2Face

@Suite struct PCMDecoderTests {
    @Test("16-bit mono decodes to int16 / 32768")
    func sixteenBit() throws {
        let format = try PCMFormat(sampleRate: 16_000, sampleWidth: 2, channelCount: 1)
        let samples = PCMDecoder.decodeAll([0x00, 0x80, 0xFF, 0x7F, 0x00, 0x40], format: format)
        #expect(samples == [-1, 32_767 / 32_768, 0.5])
    }

    @Test("8-bit is unsigned around 128, 32-bit is signed")
    func otherWidths() throws {
        let eight = try PCMFormat(sampleRate: 16_000, sampleWidth: 1, channelCount: 1)
        #expect(PCMDecoder.decodeAll([0, 128, 192], format: eight) == [-1, 0, 0.5])
        let thirtyTwo = try PCMFormat(sampleRate: 16_000, sampleWidth: 4, channelCount: 1)
        #expect(PCMDecoder.decodeAll([0, 0, 0, 0x40, 0, 0, 0, 0x80], format: thirtyTwo) == [0.5, -1])
    }

    @Test("channels are averaged")
    func downmix() throws {
        let format = try PCMFormat(sampleRate: 16_000, sampleWidth: 2, channelCount: 2)
        #expect(PCMDecoder.decodeAll([0x00, 0x40, 0x00, 0x00], format: format) == [0.25])
    }

    @Test("chunks split anywhere, even mid-sample, decode like the whole buffer", arguments: [1, 2, 3, 5, 333])
    func partialFrames(chunkSize: Int) throws {
        let format = try PCMFormat(sampleRate: 44_100, sampleWidth: 2, channelCount: 3)
        let bytes = (0..<6_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        let whole = PCMDecoder.decodeAll(bytes, format: format)
        var decoder = PCMDecoder(format: format)
        var pieces: [Float] = []
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            decoder.decode(bytes[start..<min(start + chunkSize, bytes.count)], into: &pieces)
        }
        #expect(pieces == whole)
        #expect(decoder.pendingByteCount == 0)
    }

    @Test("unsupported formats name the field and the allowed values")
    func rejectsFormats() {
        #expect(throws: AudioFormatError.unsupportedSampleWidth(3)) {
            try PCMFormat(sampleRate: 16_000, sampleWidth: 3, channelCount: 1)
        }
        #expect(AudioFormatError.unsupportedSampleWidth(3).description.contains("use 1"))
        #expect(throws: AudioFormatError.unsupportedSampleRate(96_000)) {
            try PCMFormat(sampleRate: 96_000, sampleWidth: 2, channelCount: 1)
        }
        #expect(throws: AudioFormatError.unsupportedChannelCount(9)) {
            try PCMFormat(sampleRate: 16_000, sampleWidth: 2, channelCount: 9)
        }
    }
}
