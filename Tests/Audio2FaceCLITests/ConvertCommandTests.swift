import ArgumentParser
import Audio2FaceTestSupport
import Foundation
import Testing

@testable import Audio2Face
@testable import Audio2FaceCLI

@Suite struct ConvertCommandTests {
    @Test("convert writes a Live Link CSV with one row per frame of audio")
    func convertToCSV() async throws {
        let input = TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-short.wav")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("convert-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: output) }
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(TestRepository.root.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }

        let command = try #require(
            try Audio2FaceCommand.parseAsRoot([
                "convert", input.path, "-o", output.path, "--config", "configs/default.yaml",
            ]) as? ConvertCommand)
        try await command.run()

        let wav = try WAVFile(contentsOf: input)
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.hasPrefix("Timecode,BlendShapeCount,") == true)
        let frames = lines.count - 1
        #expect(abs(frames - Int((wav.durationSeconds * 30).rounded())) <= 1)
    }

    /// A file of each encoding the protocol cannot carry as is, with a length whose frame count rounds
    /// differently from its ceiling.
    static let convertedEncodings: [(TestWAVWriter, sampleCount: Int)] = [
        (TestWAVWriter(declaration: .plain(formatTag: 3), bitsPerSample: 32, sampleRate: 16_000), 16_160),
        (
            TestWAVWriter(
                declaration: .extensible(subFormatTag: 3), bitsPerSample: 64, sampleRate: 44_100, channelCount: 2),
            44_541
        ),
        (TestWAVWriter(declaration: .plain(formatTag: 1), bitsPerSample: 24, sampleRate: 22_050), 44_107),
    ]

    @Test("float and 24-bit WAVs convert to exactly ceil(seconds × 30) frames", arguments: 0..<3)
    func convertedEncodingFrameCount(index: Int) async throws {
        let (writer, sampleCount) = Self.convertedEncodings[index]
        let signal = (0..<sampleCount * writer.channelCount).map { index in
            0.6 * sin(Double(index / writer.channelCount) * 2 * .pi * 180 / Double(writer.sampleRate))
        }
        let data: [UInt8] =
            switch writer.bitsPerSample {
            case 32: TestWAVWriter.float32Data(signal.map { Float($0) })
            case 64: TestWAVWriter.float64Data(signal)
            default: TestWAVWriter.integerData(signal.map { Int($0 * 8_388_607) }, byteCount: 3)
            }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.wav")
        let output = directory.appendingPathComponent("output.csv")
        try Data(writer.bytes(data: data)).write(to: input)

        let run = try await CommandRun.run(
            ["convert", input.path, "-o", output.path, "--config", "configs/default.yaml"], in: TestRepository.root)

        #expect(run.status == 0, "\(run.standardError)")
        let rows = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").count - 1
        let expected = Int((Double(sampleCount) * 30 / Double(writer.sampleRate)).rounded(.up))
        #expect(rows == expected)
    }

    @Test("an output name without a known extension is refused before any work")
    func badExtension() {
        #expect(throws: (any Error).self) {
            try Audio2FaceCommand.parseAsRoot(["convert", "in.wav", "-o", "out.txt"])
        }
    }
}
