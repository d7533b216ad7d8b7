import Foundation

/// Finds the asset folder that ships with audio2face (blink curves, emotion presets, name mappings), so
/// that the built-in profiles work from any working directory: `postprocess.assets_dir` (or `--assets`)
/// names another folder; left empty, the folder is looked for next to the executable.
public enum ShippedAssets {
    /// Sub-folders every asset folder has; a folder without them is not taken for one.
    static let requiredFolders = ["blinks", "offsets", "mappings"]

    /// The folder module asset paths start from: `configured` made absolute against `baseDirectory`,
    /// or, when `configured` is empty, the shipped assets of `executable`.
    public static func folder(
        configured: String, relativeTo baseDirectory: URL, executable: URL? = Bundle.main.executableURL
    ) throws(ConfigError) -> URL {
        if !configured.isEmpty {
            return configured.hasPrefix("/")
                ? URL(fileURLWithPath: configured) : baseDirectory.appendingPathComponent(configured)
        }
        let searched = executable.map(candidates(forExecutable:)) ?? []
        if let found = searched.first(where: isAssetFolder) {
            return found
        }
        throw .invalidValue(
            key: "postprocess.assets_dir",
            message: "is empty and no shipped assets were found (looked in "
                + (searched.isEmpty
                    ? "no folder: the executable's path is unknown" : searched.map(\.path).joined(separator: ", "))
                + "); set it to a folder with blinks/, offsets/ and mappings/, or pass --assets DIR")
    }

    /// The browser demo's files (page, scripts, styles): `demo/` in `assetsFolder` when it has one, else
    /// the demo of the assets shipped beside `executable` (a configured `postprocess.assets_dir` of one's
    /// own need not copy it). The served page and `convert -o x.html` both read them from here.
    public static func demoFolder(assetsFolder: URL, executable: URL? = Bundle.main.executableURL) -> URL {
        let configured = assetsFolder.appendingPathComponent("demo")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: configured.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return configured
        }
        guard let shipped = try? folder(configured: "", relativeTo: assetsFolder, executable: executable) else {
            return configured
        }
        return shipped.appendingPathComponent("demo")
    }

    /// Where the shipped assets may be, nearest first: `assets/` and `share/audio2face/assets/` in the
    /// executable's folder and in every folder above it. A build inside the repository
    /// (`.build/debug/audio2face`) finds the repository's `assets/`; an installed `bin/audio2face` finds
    /// `share/audio2face/assets/` beside `bin/`.
    static func candidates(forExecutable executable: URL) -> [URL] {
        var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent().standardizedFileURL
        var candidates: [URL] = []
        while true {
            candidates.append(folder.appendingPathComponent("assets"))
            candidates.append(folder.appendingPathComponent("share/audio2face/assets"))
            let parent = folder.deletingLastPathComponent().standardizedFileURL
            if parent.path == folder.path { break }
            folder = parent
        }
        return candidates
    }

    /// Whether `folder` holds the asset sub-folders.
    static func isAssetFolder(_ folder: URL) -> Bool {
        requiredFolders.allSatisfy { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }
}
