/// The AWS CloudWatch Logs handler: batches of log lines sent with `PutLogEvents`. Printing it (or a
/// config holding it) shows the secret key and session token as `<redacted>`.
public struct CloudWatchLogConfig: Codable, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Send logs to CloudWatch (off by default).
    public var enabled = false
    /// Minimum level; empty = the top-level `log_level`.
    public var level = ""
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, level, region, endpoint
        case logGroup = "log_group"
        case logStream = "log_stream"
        case accessKeyID = "access_key_id"
        case secretAccessKey = "secret_access_key"
        case sessionToken = "session_token"
        case sendIntervalSeconds = "send_interval_seconds"
        case batchSize = "batch_size"
        case maxQueuedEvents = "max_queued_events"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        enabled = try container.decode(.enabled, default: defaults.enabled)
        level = try container.decode(.level, default: defaults.level)
        region = try container.decode(.region, default: defaults.region)
        logGroup = try container.decode(.logGroup, default: defaults.logGroup)
        logStream = try container.decode(.logStream, default: defaults.logStream)
        endpoint = try container.decode(.endpoint, default: defaults.endpoint)
        accessKeyID = try container.decode(.accessKeyID, default: defaults.accessKeyID)
        secretAccessKey = try container.decode(.secretAccessKey, default: defaults.secretAccessKey)
        sessionToken = try container.decode(.sessionToken, default: defaults.sessionToken)
        sendIntervalSeconds = try container.decode(.sendIntervalSeconds, default: defaults.sendIntervalSeconds)
        batchSize = try container.decode(.batchSize, default: defaults.batchSize)
        maxQueuedEvents = try container.decode(.maxQueuedEvents, default: defaults.maxQueuedEvents)
    }

    func validate(keyPrefix: String) throws(ConfigError) {
        try LoggingConfig.validateLevel(level, key: "\(keyPrefix).level")
        guard enabled else { return }
        if logGroup.isEmpty {
            throw .invalidValue(key: "\(keyPrefix).log_group", message: "name the log group, e.g. audio2face")
        }
        if !endpoint.isEmpty && !(endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://")) {
            throw .invalidValue(key: "\(keyPrefix).endpoint", message: "'\(endpoint)' is not an http(s) URL")
        }
        try requireValue(sendIntervalSeconds, in: 0.05...3_600, key: "\(keyPrefix).send_interval_seconds")
        try requireValue(batchSize, in: 1...10_000, key: "\(keyPrefix).batch_size")
        try requireValue(maxQueuedEvents, in: batchSize...10_000_000, key: "\(keyPrefix).max_queued_events")
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
