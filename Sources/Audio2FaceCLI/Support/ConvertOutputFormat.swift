import Audio2Face

/// What `convert` writes, chosen by the output file's extension: a clip export (`.csv`, `.json`) or the
/// offline review page (`.html`, ``ReviewPage``).
enum ConvertOutputFormat: Equatable {
    case clip(ClipExportFormat)
    case reviewPage

    /// The format for a file name's extension, or nil when none matches.
    init?(pathExtension: String) {
        if pathExtension.lowercased() == "html" {
            self = .reviewPage
        } else if let clipFormat = ClipExportFormat(pathExtension: pathExtension) {
            self = .clip(clipFormat)
        } else {
            return nil
        }
    }

    /// The extensions `convert` accepts, for help and error texts.
    static var extensions: [String] { ClipExportFormat.allCases.map { ".\($0.rawValue)" } + [".html"] }
}
