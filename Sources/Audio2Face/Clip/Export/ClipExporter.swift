/// Writes a whole clip in one file format.
public protocol ClipExporter: Sendable {
    /// The file extension this format uses (without the dot).
    var fileExtension: String { get }
    /// The clip as file bytes; `framesPerSecond` fixes its timecodes.
    func export(_ clip: FaceClip, framesPerSecond: Double) -> [UInt8]
}

/// The export formats, by file extension.
public enum ClipExportFormat: String, CaseIterable, Sendable {
    /// Live Link Face CSV.
    case csv
    /// JSON with names and a frame matrix.
    case json

    /// The exporter writing this format.
    public var exporter: any ClipExporter {
        switch self {
        case .csv: LiveLinkCSVExporter()
        case .json: JSONClipExporter()
        }
    }

    /// The format for a file name's extension, or nil when none matches.
    public init?(pathExtension: String) {
        self.init(rawValue: pathExtension.lowercased())
    }
}
