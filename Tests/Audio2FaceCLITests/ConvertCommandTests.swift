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

    @Test("an output name without a known extension is refused before any work")
    func badExtension() {
        #expect(throws: (any Error).self) {
            try Audio2FaceCommand.parseAsRoot(["convert", "in.wav", "-o", "out.txt"])
        }
    }
}
