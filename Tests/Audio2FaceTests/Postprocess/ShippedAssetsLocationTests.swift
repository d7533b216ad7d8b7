import Foundation
import Testing

@testable import Audio2Face

/// How ``ShippedAssets`` finds the asset folder for an executable.
@Suite struct ShippedAssetsLocationTests {
    /// A fresh folder; the caller removes it.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("a2f-shipped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.standardizedFileURL
    }

    /// Creates `blinks/`, `offsets/` and `mappings/` under `folder`.
    static func makeAssetFolder(_ folder: URL) throws {
        for name in ShippedAssets.requiredFolders {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
    }

    @Test("an installed bin/audio2face finds share/audio2face/assets beside bin/")
    func installedLayout() throws {
        let prefix = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let assets = prefix.appendingPathComponent("share/audio2face/assets")
        try Self.makeAssetFolder(assets)
        let executable = prefix.appendingPathComponent("bin/audio2face")
        let found = try ShippedAssets.folder(
            configured: "", relativeTo: URL(fileURLWithPath: "/"), executable: executable)
        #expect(found.path == assets.path)
    }

    @Test("the nearest assets/ above the executable wins; a folder without the sub-folders is passed over")
    func nearestFolderWins() throws {
        let root = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.makeAssetFolder(root.appendingPathComponent("assets"))
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("build/assets/blinks"), withIntermediateDirectories: true)
        let executable = root.appendingPathComponent("build/debug/audio2face")
        let found = try ShippedAssets.folder(
            configured: "", relativeTo: URL(fileURLWithPath: "/"), executable: executable)
        #expect(found.path == root.appendingPathComponent("assets").path)
    }

    @Test("a configured folder is used as given, relative to the base folder")
    func configuredFolder() throws {
        let base = URL(fileURLWithPath: "/srv/a2f")
        #expect(try ShippedAssets.folder(configured: "mine", relativeTo: base, executable: nil).path == "/srv/a2f/mine")
        #expect(
            try ShippedAssets.folder(configured: "/opt/assets", relativeTo: base, executable: nil).path == "/opt/assets"
        )
    }

    @Test("no shipped assets is an error naming the key, the folders searched and the fix")
    func notFound() throws {
        let root = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let executable = root.appendingPathComponent("bin/audio2face")
        #expect {
            _ = try ShippedAssets.folder(configured: "", relativeTo: root, executable: executable)
        } throws: { error in
            guard case ConfigError.invalidValue(let key, let message) = error else { return false }
            return key == "postprocess.assets_dir" && message.contains(root.appendingPathComponent("bin/assets").path)
                && message.contains("--assets DIR")
        }
    }

    @Test("the test runner, built inside the repository, finds the repository's assets")
    func repositoryBuild() throws {
        let found = try ShippedAssets.folder(configured: "", relativeTo: URL(fileURLWithPath: "/"))
        #expect(ShippedAssets.isAssetFolder(found))
        #expect(FileManager.default.fileExists(atPath: found.appendingPathComponent("mappings/arkit-to-mmd.json").path))
    }
}
