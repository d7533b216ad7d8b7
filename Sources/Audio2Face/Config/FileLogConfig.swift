import Logging

/// A handler that writes lines to a file which rotates by size (`path`, `path.1`, … `path.N`), or to
/// standard output when `path` is `-` (JSON lines only). YAML sections `logging.file` and `logging.json`.
public struct FileLogConfig: ConfigSection, Sendable, Equatable {
    /// Write this handler at all (off by default).
    public var enabled = false
    /// Minimum level; nil (written `""`) = the top-level `log_level`.
    public var level: Logger.Level?
    /// The file (relative to the config file's folder), or `-` for standard output; its folder is
    /// created when missing.
    public var path: String
    /// The file rotates before a line would take it past this size.
    public var maxBytes = 10 * 1024 * 1024
    /// Rotated files kept next to the current one (`path.1` is the newest); 0 truncates instead.
    public var backupCount = 5

    /// An off handler writing to `path` once enabled.
    public init(path: String) {
        self.path = path
    }

    /// The human-readable file handler's defaults (`logging.file`): off, writing `logs/audio2face.log`.
    public init() {
        self.init(path: "logs/audio2face.log")
    }

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("enabled", \.enabled),
            ConfigField("level", \.level),
            ConfigField(path: "path", \.path, .notEmpty("name a file such as logs/audio2face.log")),
            ConfigField("max_bytes", \.maxBytes, .range(4_096...(1 << 40))),
            ConfigField("backup_count", \.backupCount, .range(0...1_000)),
        ]
    }

    /// True when lines go to standard output instead of a file.
    public var writesToStandardOutput: Bool { path == "-" }
}
