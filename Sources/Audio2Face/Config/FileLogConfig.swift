/// A handler that writes lines to a file which rotates by size (`path`, `path.1`, … `path.N`), or to
/// standard output when `path` is `-` (JSON lines only).
public struct FileLogConfig: Encodable, Sendable, Equatable {
    /// Write this handler at all (off by default).
    public var enabled = false
    /// Minimum level; empty = the top-level `log_level`.
    public var level = ""
    /// The file, relative to the working directory; its folder is created when missing.
    public var path: String
    /// The file rotates before a line would take it past this size.
    public var maxBytes = 10 * 1024 * 1024
    /// Rotated files kept next to the current one (`path.1` is the newest); 0 truncates instead.
    public var backupCount = 5

    /// An off handler writing to `path` once enabled.
    public init(path: String) {
        self.path = path
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, level, path
        case maxBytes = "max_bytes"
        case backupCount = "backup_count"
    }

    /// The keys a config file sets, laid over the handler's own defaults (the file and JSON handlers
    /// default to different paths).
    struct Overrides: Decodable {
        var enabled: Bool?
        var level: String?
        var path: String?
        var maxBytes: Int?
        var backupCount: Int?

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
            level = try container.decodeIfPresent(String.self, forKey: .level)
            path = try container.decodeIfPresent(String.self, forKey: .path)
            maxBytes = try container.decodeIfPresent(Int.self, forKey: .maxBytes)
            backupCount = try container.decodeIfPresent(Int.self, forKey: .backupCount)
        }

        func applied(to defaults: FileLogConfig) -> FileLogConfig {
            var config = defaults
            config.enabled = enabled ?? config.enabled
            config.level = level ?? config.level
            config.path = path ?? config.path
            config.maxBytes = maxBytes ?? config.maxBytes
            config.backupCount = backupCount ?? config.backupCount
            return config
        }
    }

    /// True when lines go to standard output instead of a file.
    public var writesToStandardOutput: Bool { path == "-" }

    func validate(keyPrefix: String, allowsStandardOutput: Bool) throws(ConfigError) {
        try LoggingConfig.validateLevel(level, key: "\(keyPrefix).level")
        if path.isEmpty || (writesToStandardOutput && !allowsStandardOutput) {
            throw .invalidValue(key: "\(keyPrefix).path", message: "name a file such as logs/audio2face.log")
        }
        try requireValue(maxBytes, in: 4_096...(1 << 40), key: "\(keyPrefix).max_bytes")
        try requireValue(backupCount, in: 0...1_000, key: "\(keyPrefix).backup_count")
    }
}
