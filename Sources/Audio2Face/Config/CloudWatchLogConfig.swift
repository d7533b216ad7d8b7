import Logging

/// The AWS CloudWatch Logs handler (YAML section `logging.cloudwatch`): batches of log lines sent with
/// `PutLogEvents`. Printing it (or a config holding it) shows the secret key and session token as
/// `<redacted>`.
public struct CloudWatchLogConfig: ConfigSection, Sendable, Equatable, CustomStringConvertible,
    CustomDebugStringConvertible
{
    /// Send logs to CloudWatch (off by default).
    public var enabled = false
    /// Minimum level; nil (written `""`) = the top-level `log_level`.
    public var level: Logger.Level?
    /// AWS region; empty = `AWS_REGION`, then `AWS_DEFAULT_REGION`.
    public var region = ""
    /// Log group, created when missing.
    public var logGroup = "audio2face"
    /// Log stream, created when missing; empty = the host name.
    public var logStream = ""
    /// Service URL; empty = `https://logs.<region>.amazonaws.com` (set it for a local endpoint).
    public var endpoint = ""
    /// Access key id; empty = `AWS_ACCESS_KEY_ID`.
    public var accessKeyID = ""
    /// Secret access key; empty = `AWS_SECRET_ACCESS_KEY`. Never logged.
    public var secretAccessKey = ""
    /// Session token of temporary credentials; empty = `AWS_SESSION_TOKEN` (if set).
    public var sessionToken = ""
    /// A batch is sent at least this often while lines are waiting.
    public var sendIntervalSeconds = 5.0
    /// Lines per `PutLogEvents` call (AWS allows up to 10,000); a full batch is sent at once.
    public var batchSize = 1_000
    /// Lines held while CloudWatch is slow or unreachable; further lines are dropped and counted.
    public var maxQueuedEvents = 10_000

    /// The defaults: off.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("enabled", \.enabled),
            ConfigField("level", \.level),
            ConfigField("region", \.region),
            ConfigField("log_group", \.logGroup),
            ConfigField("log_stream", \.logStream),
            ConfigField("endpoint", \.endpoint, .custom(Self.checkEndpoint)),
            ConfigField("access_key_id", \.accessKeyID),
            ConfigField("secret_access_key", \.secretAccessKey),
            ConfigField("session_token", \.sessionToken),
            ConfigField("send_interval_seconds", \.sendIntervalSeconds, .range(0.05...3_600)),
            ConfigField("batch_size", \.batchSize, .range(1...10_000)),
            ConfigField("max_queued_events", \.maxQueuedEvents, .range(1...10_000_000)),
        ]
    }

    /// The queue holds at least one batch, and an enabled handler names its log group.
    func validateRelations(key: String) throws(ConfigError) {
        if maxQueuedEvents < batchSize {
            throw .invalidValue(
                key: "\(key).max_queued_events",
                message: "\(maxQueuedEvents) is below batch_size (\(batchSize)); hold at least one batch")
        }
        if enabled && logGroup.isEmpty {
            throw .invalidValue(key: "\(key).log_group", message: "name the log group, e.g. audio2face")
        }
    }

    private static func checkEndpoint(_ endpoint: String, key: String) throws(ConfigError) {
        if !endpoint.isEmpty && !(endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://")) {
            throw .invalidValue(key: key, message: "'\(endpoint)' is not an http(s) URL; leave it empty for AWS")
        }
    }

    public var description: String {
        var shown = self
        if !shown.secretAccessKey.isEmpty { shown.secretAccessKey = "<redacted>" }
        if !shown.sessionToken.isEmpty { shown.sessionToken = "<redacted>" }
        let fields = Mirror(reflecting: shown).children.map { "\($0.label ?? ""): \($0.value)" }
        return "CloudWatchLogConfig(\(fields.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }
}
