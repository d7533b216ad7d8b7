import Foundation

/// The browser demo's drawing modules and style sheet, read from the demo folder of the shipped assets
/// (`ShippedAssets.demoFolder`) for the review page to inline: the page draws with the very code the
/// live demo runs.
struct ReviewPageScripts: Sendable {
    /// The modules the page imports, by file name, in the order the page's import map lists them.
    static let moduleNames = ["face.js", "timeline.js", "curves.js", "player.js"]
    /// The demo's style sheet, which the page shares.
    static let styleSheetName = "demo.css"

    /// File name → source text.
    let modules: [(name: String, source: String)]
    let styleSheet: String

    /// Reads the files from `folder`, failing with the file that is missing and what to do about it.
    init(folder: URL) throws(CommandFailure) {
        modules = try Self.moduleNames.map { name throws(CommandFailure) in (name, try Self.read(name, in: folder)) }
        styleSheet = try Self.read(Self.styleSheetName, in: folder)
    }

    private static func read(_ name: String, in folder: URL) throws(CommandFailure) -> String {
        let url = folder.appendingPathComponent(name)
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CommandFailure(
                "cannot write an HTML review page: the demo file \(url.path) cannot be read "
                    + "(\(error.localizedDescription)); pass --assets with the assets folder shipped with audio2face")
        }
    }
}
