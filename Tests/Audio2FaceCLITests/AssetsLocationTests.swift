import Audio2FaceTestSupport
import Foundation
import Testing

/// The built `audio2face` finds its shipped assets from any working directory, and `--assets` names
/// another folder.
@Suite struct AssetsLocationTests {
    static let input = TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-short.wav")

    /// A fresh empty folder outside the repository; the caller removes it.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("a2f-assets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(
        "convert with no config runs from a folder outside the repository, in both shipped profiles",
        arguments: ["arkit-default", "mmd-default"])
    func convertsFromAnotherFolder(profile: String) async throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await CommandRun.run(
            ["convert", Self.input.path, "-o", "out.csv", "--profile", profile], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        let rows = try String(contentsOf: folder.appendingPathComponent("out.csv"), encoding: .utf8)
            .split(separator: "\n")
        #expect(rows.count > 1)
        #expect(rows.first?.contains(profile == "mmd-default" ? "あ" : "JawOpen") == true)
    }

    @Test("--assets names the asset folder: a copy works, a folder without the assets is refused by name")
    func assetsOption() async throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: TestRepository.url("assets"), to: folder.appendingPathComponent("copied"))
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("empty"), withIntermediateDirectories: true)

        let copied = try await CommandRun.run(
            ["convert", Self.input.path, "-o", "out.csv", "--assets", "copied"], in: folder)
        #expect(copied.status == 0, "\(copied.standardError)")

        let empty = try await CommandRun.run(
            ["convert", Self.input.path, "-o", "out.csv", "--assets", "empty"], in: folder)
        #expect(empty.status != 0)
        #expect(empty.standardError.contains("\(folder.appendingPathComponent("empty").standardizedFileURL.path)/"))
        #expect(empty.standardError.contains("postprocess.modules."))
    }

    @Test("a config file's assets_dir is relative to the config file's folder")
    func assetsDirectoryInConfigFile() async throws {
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configFolder = folder.appendingPathComponent("etc")
        try FileManager.default.createDirectory(at: configFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestRepository.url("assets"), to: configFolder.appendingPathComponent("my-assets"))
        try "postprocess:\n  assets_dir: my-assets\n".write(
            to: configFolder.appendingPathComponent("a2f.yaml"), atomically: true, encoding: .utf8)

        let run = try await CommandRun.run(
            ["convert", Self.input.path, "-o", "out.csv", "--config", "etc/a2f.yaml"], in: folder)
        #expect(run.status == 0, "\(run.standardError)")

        try FileManager.default.removeItem(at: configFolder.appendingPathComponent("my-assets"))
        let missing = try await CommandRun.run(
            ["convert", Self.input.path, "-o", "out.csv", "--config", "etc/a2f.yaml"], in: folder)
        #expect(missing.status != 0)
        #expect(
            missing.standardError.contains(configFolder.appendingPathComponent("my-assets").standardizedFileURL.path))
    }
}
