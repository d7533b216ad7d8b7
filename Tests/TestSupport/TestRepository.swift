import Foundation

/// Locations in the repository, for tests that read shipped configs, assets and fixtures.
public enum TestRepository {
    /// The repository root (the folder holding Package.swift), found from this file's path.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url
    }()

    /// A path below the root.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }
}
