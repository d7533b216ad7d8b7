import Logging

/// Where the service logs (YAML section `logging`): a human-readable console, a rotating file, JSON lines
/// for log shippers and AWS CloudWatch Logs, each on or off with its own minimum level.
public struct LoggingConfig: ConfigSection, Sendable, Equatable {
    /// Human-readable lines on standard output (on by default).
    public var console = ConsoleLogConfig()
    /// Human-readable lines in a rotating file; `/tail_log` and `/download_log_file` read it.
    public var file = FileLogConfig()
    /// One JSON object per line, in a rotating file or on standard output (`path: "-"`).
    public var json = FileLogConfig(path: "-")
    /// AWS CloudWatch Logs.
    public var cloudwatch = CloudWatchLogConfig()

    /// The defaults: console only.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField(section: "console", \.console),
            ConfigField(section: "file", \.file),
            ConfigField(section: "json", \.json),
            ConfigField(section: "cloudwatch", \.cloudwatch),
        ]
    }

    /// Only the JSON handler may write to standard output.
    func validateRelations(key: String) throws(ConfigError) {
        if file.writesToStandardOutput {
            throw .invalidValue(
                key: "\(key).file.path",
                message: "'-' (standard output) is only for logging.json; name a file such as logs/audio2face.log")
        }
    }
}

/// The console handler (YAML section `logging.console`).
public struct ConsoleLogConfig: ConfigSection, Sendable, Equatable {
    /// Write to standard output.
    public var enabled = true
    /// Minimum level; nil (written `""`) = the top-level `log_level`.
    public var level: Logger.Level?

    /// The defaults: on, at `log_level`.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("enabled", \.enabled),
            ConfigField("level", \.level),
        ]
    }
}
