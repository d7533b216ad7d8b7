import Audio2FaceTestSupport
import Testing

@testable import Audio2Face

@Suite struct WAVReadingTests {
    // MARK: - Integer PCM

    @Test(
        "8-, 16- and 32-bit integer PCM pass through unchanged with their own sample width",
        arguments: [1, 2, 4])
    func integerPassesThrough(byteCount: Int) throws {
        let data = TestWAVWriter.integerData([0, 100, -100, 7, -1, 42], byteCount: byteCount)
        let bytes = TestWAVWriter(declaration: .plain(formatTag: 1), bitsPerSample: byteCount * 8, channelCount: 2)
            .bytes(data: data)

        let audio = try WAVAudio(bytes: bytes)
        #expect(audio.encoding == .integer(bitsPerSample: byteCount * 8))
        #expect(audio.frameCount == 3)
        let wav = try WAVFile(bytes: bytes)
        #expect(wav.format == (try PCMFormat(sampleRate: 16_000, sampleWidth: byteCount, channelCount: 2)))
        #expect(wav.pcmBytes == data)
    }

    @Test("24-bit integer becomes 32-bit for the wire and decodes to the same values")
    func twentyFourBit() throws {
        let samples = [0, 1, -1, 0x40_0000, 0x7F_FFFF, -0x80_0000]
        let bytes = TestWAVWriter(declaration: .plain(formatTag: 1), bitsPerSample: 24)
            .bytes(data: TestWAVWriter.integerData(samples, byteCount: 3))

        let wav = try WAVFile(bytes: bytes)
        #expect(wav.format.sampleWidth == 4)
        #expect(wav.pcmBytes == TestWAVWriter.integerData(samples.map { $0 << 8 }, byteCount: 4))
        let decoded = PCMDecoder.decodeAll(wav.pcmBytes, format: wav.format)
        #expect(decoded == samples.map { Float($0) / 8_388_608 })
    }

    @Test("a trailing partial frame is dropped, and odd-sized chunks before the data are skipped")
    func partialFrameAndUnknownChunks() throws {
        var writer = TestWAVWriter(declaration: .plain(formatTag: 1), bitsPerSample: 24, channelCount: 2)
        writer.chunksBeforeFormat = [("JUNK", [1, 2, 3])]
        writer.chunksBeforeData = [("LIST", Array("INFOISFT".utf8) + [0, 0, 0, 5, 0x41]), ("fact", [9, 0, 0, 0])]
        let data = TestWAVWriter.integerData([1, 2, 3, 4], byteCount: 3) + [0xAA, 0xBB]

        let audio = try WAVAudio(bytes: writer.bytes(data: data))
        #expect(audio.frameCount == 2)
        #expect(audio.sampleBytes == Array(data.prefix(12)))
    }

    // MARK: - Float

    /// Float samples and the 16-bit value each must become: scaled by 32768, rounded, clamped.
    static let floatCases: [(Double, Int)] = [
        (0, 0), (0.5, 16_384), (-0.5, -16_384), (1, 32_767), (-1, -32_768), (1.5, 32_767), (-2, -32_768),
        (0.4 / 32_768, 0), (0.6 / 32_768, 1), (-0.6 / 32_768, -1), (.nan, 0), (.infinity, 32_767),
    ]

    @Test("32-bit float becomes 16-bit: scaled, rounded, clamped")
    func float32() throws {
        let bytes = TestWAVWriter(declaration: .plain(formatTag: 3), bitsPerSample: 32)
            .bytes(data: TestWAVWriter.float32Data(Self.floatCases.map { Float($0.0) }))

        #expect(try WAVAudio(bytes: bytes).encoding == .float(bitsPerSample: 32))
        let wav = try WAVFile(bytes: bytes)
        #expect(wav.format == (try PCMFormat(sampleRate: 16_000, sampleWidth: 2, channelCount: 1)))
        #expect(wav.pcmBytes == TestWAVWriter.integerData(Self.floatCases.map(\.1), byteCount: 2))
    }

    @Test("64-bit float becomes 16-bit: scaled, rounded, clamped")
    func float64() throws {
        let bytes = TestWAVWriter(declaration: .plain(formatTag: 3), bitsPerSample: 64, sampleRate: 44_100)
            .bytes(data: TestWAVWriter.float64Data(Self.floatCases.map(\.0)))

        #expect(try WAVAudio(bytes: bytes).encoding == .float(bitsPerSample: 64))
        let wav = try WAVFile(bytes: bytes)
        #expect(wav.format == (try PCMFormat(sampleRate: 44_100, sampleWidth: 2, channelCount: 1)))
        #expect(wav.pcmBytes == TestWAVWriter.integerData(Self.floatCases.map(\.1), byteCount: 2))
    }

    @Test("a float file keeps its duration when converted")
    func floatDuration() throws {
        let samples = [Float](repeating: 0.25, count: 48_000 + 123)
        let bytes = TestWAVWriter(declaration: .plain(formatTag: 3), bitsPerSample: 32, sampleRate: 48_000)
            .bytes(data: TestWAVWriter.float32Data(samples))

        let audio = try WAVAudio(bytes: bytes)
        let wav = try audio.wireCompatible()
        #expect(audio.frameCount == samples.count)
        #expect(wav.pcmBytes.count == samples.count * 2)
        #expect(wav.durationSeconds == audio.durationSeconds)
    }

    // MARK: - WAVE_FORMAT_EXTENSIBLE

    @Test("extensible 16-bit PCM reads like plain 16-bit PCM")
    func extensibleInt16() throws {
        let data = TestWAVWriter.integerData([1, -2, 300, -400], byteCount: 2)
        let bytes = TestWAVWriter(declaration: .extensible(subFormatTag: 1), bitsPerSample: 16, channelCount: 2)
            .bytes(data: data)

        #expect(try WAVAudio(bytes: bytes).encoding == .integer(bitsPerSample: 16))
        let wav = try WAVFile(bytes: bytes)
        #expect(wav.format == (try PCMFormat(sampleRate: 16_000, sampleWidth: 2, channelCount: 2)))
        #expect(wav.pcmBytes == data)
    }

    @Test("extensible 32-bit float reads like plain 32-bit float")
    func extensibleFloat32() throws {
        let data = TestWAVWriter.float32Data(Self.floatCases.map { Float($0.0) })
        let extensible = try WAVFile(
            bytes: TestWAVWriter(declaration: .extensible(subFormatTag: 3), bitsPerSample: 32).bytes(data: data))
        let plain = try WAVFile(
            bytes: TestWAVWriter(declaration: .plain(formatTag: 3), bitsPerSample: 32).bytes(data: data))

        #expect(extensible == plain)
        #expect(extensible.format.sampleWidth == 2)
    }

    // MARK: - Refusals

    @Test("A-law is refused, naming the format tag and the accepted ones")
    func aLaw() {
        let bytes = TestWAVWriter(declaration: .plain(formatTag: 6), bitsPerSample: 8).bytes(data: [1, 2])
        #expect(throws: AudioFormatError.unsupportedWAVFormatTag(6)) { try WAVFile(bytes: bytes) }
        #expect(
            AudioFormatError.unsupportedWAVFormatTag(6).description
                == "WAV format tag 6 (A-law) is not supported; use 1 (integer PCM), 3 (IEEE float) "
                + "or 0xFFFE (WAVE_FORMAT_EXTENSIBLE with a PCM or IEEE float sub-format)")
    }

    @Test("12-bit integer PCM is refused, naming the accepted bit depths")
    func twelveBit() {
        let bytes = TestWAVWriter(declaration: .plain(formatTag: 1), bitsPerSample: 12).bytes(data: [1, 2])
        #expect(throws: AudioFormatError.unsupportedWAVBitsPerSample(12, floatingPoint: false)) {
            try WAVFile(bytes: bytes)
        }
        #expect(
            AudioFormatError.unsupportedWAVBitsPerSample(12, floatingPoint: false).description
                == "WAV bits per sample 12 is not supported for integer PCM; use 8, 16, 24 or 32")
    }

    @Test("16-bit float is refused, naming the accepted float bit depths")
    func halfFloat() {
        let bytes = TestWAVWriter(declaration: .extensible(subFormatTag: 3), bitsPerSample: 16).bytes(data: [1, 2])
        #expect(throws: AudioFormatError.unsupportedWAVBitsPerSample(16, floatingPoint: true)) {
            try WAVFile(bytes: bytes)
        }
        #expect(
            AudioFormatError.unsupportedWAVBitsPerSample(16, floatingPoint: true).description
                == "WAV bits per sample 16 is not supported for IEEE float; use 32 or 64")
    }

    @Test("an extensible sub-format other than PCM or float is refused, naming both accepted GUIDs")
    func unknownSubFormat() {
        let guid = (1...16).map { UInt8($0) }
        let unknown = TestWAVWriter(declaration: .extensibleGUID(guid), bitsPerSample: 16).bytes(data: [1, 2])
        #expect(throws: AudioFormatError.unsupportedWAVSubFormat("04030201-0605-0807-090a-0b0c0d0e0f10")) {
            try WAVFile(bytes: unknown)
        }
        let aLaw = TestWAVWriter(declaration: .extensible(subFormatTag: 6), bitsPerSample: 8).bytes(data: [1, 2])
        #expect(throws: AudioFormatError.unsupportedWAVSubFormat("00000006-0000-0010-8000-00aa00389b71")) {
            try WAVFile(bytes: aLaw)
        }
        #expect(
            AudioFormatError.unsupportedWAVSubFormat("x").description
                == "WAV extensible sub-format x is not supported; use PCM (00000001-0000-0010-8000-00aa00389b71) "
                + "or IEEE float (00000003-0000-0010-8000-00aa00389b71)")
    }

    @Test("rates and channel counts the protocol refuses are refused when read, with its messages")
    func protocolLimits() {
        let fast = TestWAVWriter(declaration: .plain(formatTag: 3), bitsPerSample: 32, sampleRate: 96_000)
        #expect(throws: AudioFormatError.unsupportedSampleRate(96_000)) {
            try WAVFile(bytes: fast.bytes(data: TestWAVWriter.float32Data([0])))
        }
        let wide = TestWAVWriter(declaration: .plain(formatTag: 1), bitsPerSample: 16, channelCount: 9)
        #expect(throws: AudioFormatError.unsupportedChannelCount(9)) {
            try WAVFile(bytes: wide.bytes(data: []))
        }
    }

    @Test("structural problems are named")
    func structure() {
        #expect(throws: AudioFormatError.unreadableWAV("missing RIFF/WAVE header")) {
            try WAVFile(bytes: Array("RIFF\0\0\0\0AVI ".utf8))
        }
        let header = Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WAVE".utf8)
        #expect(throws: AudioFormatError.unreadableWAV("no fmt chunk")) { try WAVFile(bytes: header) }
        let formatOnly = TestWAVWriter(declaration: .plain(formatTag: 1), bitsPerSample: 16).bytes(data: [])
        #expect(throws: AudioFormatError.unreadableWAV("no data chunk")) {
            try WAVFile(bytes: Array(formatOnly.dropLast(8)))
        }
    }

    @Test("a file written by WAVFile reads back unchanged")
    func roundTrip() throws {
        let wav = WAVFile(
            format: try PCMFormat(sampleRate: 22_050, sampleWidth: 4, channelCount: 3), pcmBytes: Array(0..<240))
        #expect(try WAVFile(bytes: wav.encoded()) == wav)
    }
}
