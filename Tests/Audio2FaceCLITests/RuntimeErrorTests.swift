import Audio2FaceTestSupport
import Foundation
import Testing

/// Runtime failures print one `error:` line and no usage; argument mistakes still show the usage.
@Suite struct RuntimeErrorTests {
    private static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-errors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("convert of a missing file prints exactly one error line, no usage, and fails")
    func missingInput() async throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let run = try await CommandRun.run(["convert", "missing.wav", "-o", "x.csv"], in: directory)

        #expect(run.status != 0)
        #expect(run.standardError == "error: cannot read missing.wav: no such file\n")
        #expect(!run.standardOutput.contains("Usage:"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.csv").path))
    }

    @Test("stream of a WAV in an unsupported encoding prints the reason in one line, before connecting")
    func unsupportedEncoding() async throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let aLaw = TestWAVWriter(declaration: .plain(formatTag: 6), bitsPerSample: 8).bytes(data: [0xD5, 0x55])
        try Data(aLaw).write(to: directory.appendingPathComponent("alaw.wav"))

        let run = try await CommandRun.run(["stream", "alaw.wav", "--url", "ws://127.0.0.1:9/none"], in: directory)

        #expect(run.status != 0)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count == 1)
        let expected = "error: cannot read alaw.wav: WAV format tag 6 (A-law) is not supported; use 1"
        #expect(lines.first?.hasPrefix(expected) == true)
        #expect(!run.standardError.contains("Usage:") && !run.standardOutput.contains("Usage:"))
    }

    @Test("a wrong argument still gets the usage text")
    func argumentMistake() async throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let run = try await CommandRun.run(["convert", "in.wav", "-o", "out.txt"], in: directory)

        #expect(run.status != 0)
        #expect(
            run.standardError.contains("cannot tell the format of 'out.txt'; use a file name ending in .csv, .json"))
        #expect(run.standardError.contains("Usage:"))
    }

    @Test("--help on the root and on a subcommand prints the help text and succeeds", arguments: [[], ["convert"]])
    func help(subcommand: [String]) async throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let run = try await CommandRun.run(subcommand + ["--help"], in: directory)

        #expect(run.status == 0)
        #expect(run.standardOutput.contains("USAGE: audio2face"))
        #expect(run.standardOutput.contains("OVERVIEW:"))
        #expect(!run.standardError.contains("error"))
    }
}
