/// Where the service logs: a human-readable console, a rotating file, JSON lines for log shippers and
/// AWS CloudWatch Logs, each on or off with its own minimum level.
public struct LoggingConfig: Codable, Sendable, Equatable {
    /// Human-readable lines on standard output (on by default).
    public var console = ConsoleLogConfig()
    /// Human-readable lines in a rotating file; `/tail_log` and `/download_log_file` read it.
    public var file = FileLogConfig(path: "logs/audio2face.log")
    /// One JSON object per line, in a rotating file or on standard output (`path: "-"`).
    public var json = FileLogConfig(path: "-")
    /// AWS CloudWatch Logs.
    public var cloudwatch = CloudWatchLogConfig()

    /// The defaults: console only.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case console, file, json, cloudwatch
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        console = try container.decode(.console, default: defaults.console)
        file = try container.decodeIfPresent(FileLogConfig.Overrides.self, forKey: .file)?.applied(to: defaults.file)
            ?? defaults.file
        json = try container.decodeIfPresent(FileLogConfig.Overrides.self, forKey: .json)?.applied(to: defaults.json)
            ?? defaults.json
        cloudwatch = try container.decode(.cloudwatch, default: defaults.cloudwatch)
    }

    /// Checks every handler; `keyPrefix` is the section's dotted path.
    public func validate(keyPrefix: String) throws(ConfigError) {
        try Self.validateLevel(console.level, key: "\(keyPrefix).console.level")
        try file.validate(keyPrefix: "\(keyPrefix).file", allowsStandardOutput: false)
        try json.validate(keyPrefix: "\(keyPrefix).json", allowsStandardOutput: true)
        try cloudwatch.validate(keyPrefix: "\(keyPrefix).cloudwatch")
    }

    /// The level names a handler's `level` accepts; empty means "use the top-level `log_level`".
    public static let levelNames = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    static func validateLevel(_ level: String, key: String) throws(ConfigError) {
        guard level.isEmpty || levelNames.contains(level) else {
            throw .invalidValue(key: key, message: "'\(level)' is not a level; use one of \(levelNames.joined(separator: ", "))")
        }
    }
}

/// The console handler.
public struct ConsoleLogConfig: Codable, Sendable, Equatable {
    /// Write to standard output.
    public var enabled = true
    /// Minimum level; empty = the top-level `log_level`.
    public var level = ""

    /// The defaults: on, at `log_level`.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, level
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        enabled = try container.decode(.enabled, default: defaults.enabled)
        level = try container.decode(.level, default: defaults.level)
    }
}
