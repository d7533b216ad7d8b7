import Foundation
import Yams

/// The whole service configuration, loaded from YAML. Every field has a default, unknown keys are
/// errors, and ``validate()`` names the key of any out-of-range value.
public struct ServiceConfig: Codable, Sendable, Equatable {
    /// Listening address and message limits.
    public var server = ServerConfig()
    /// Per-stream behaviour.
    public var streaming = StreamingConfig()
    /// The face engine.
    public var engine = EngineConfig()
    /// Postprocessing modules and profiles.
    public var postprocess = PostprocessConfig()
    /// Overload and abuse limits.
    public var limits = LimitsConfig()
    /// API keys and allowed browser origins.
    public var auth = AuthConfig()
    /// Log destinations (console, file, JSON lines, CloudWatch) and their levels.
    public var logging = LoggingConfig()
    /// Level of every log destination that does not set its own: trace, debug, info, notice, warning,
    /// error or critical.
    public var logLevel = "info"

    /// The defaults: built-in engine on 127.0.0.1:18083.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case server, streaming, engine, postprocess, limits, auth, logging
        case logLevel = "log_level"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        server = try container.decode(.server, default: defaults.server)
        streaming = try container.decode(.streaming, default: defaults.streaming)
        engine = try container.decode(.engine, default: defaults.engine)
        postprocess = try container.decode(.postprocess, default: defaults.postprocess)
        limits = try container.decode(.limits, default: defaults.limits)
        auth = try container.decode(.auth, default: defaults.auth)
        logging = try container.decode(.logging, default: defaults.logging)
        logLevel = try container.decode(.logLevel, default: defaults.logLevel)
    }

    /// Checks every section, throwing the first problem with its dotted key.
    public func validate() throws(ConfigError) {
        try server.validate(keyPrefix: "server")
        try streaming.validate(keyPrefix: "streaming")
        try engine.validate(keyPrefix: "engine")
        try postprocess.validate()
        try limits.validate(keyPrefix: "limits")
        try auth.validate(keyPrefix: "auth")
        try logging.validate(keyPrefix: "logging")
        guard !logLevel.isEmpty else {
            throw .invalidValue(key: "log_level", message: "name a level: \(LoggingConfig.levelNames.joined(separator: ", "))")
        }
        try LoggingConfig.validateLevel(logLevel, key: "log_level")
    }

    /// Parses and validates YAML text; `sourceName` names the file in error messages.
    public static func parse(yaml: String, sourceName: String = "<config>") throws(ConfigError) -> ServiceConfig {
        let config: ServiceConfig
        do {
            if yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                config = ServiceConfig()
            } else {
                config = try YAMLDecoder().decode(ServiceConfig.self, from: yaml)
            }
        } catch let error as UnknownConfigKey {
            throw unknownKey(error)
        } catch let error as ConfigError {
            throw error
        } catch let error as DecodingError {
            throw Self.describe(error, sourceName: sourceName)
        } catch {
            throw .malformed(path: sourceName, key: "", reason: "\(error)")
        }
        try config.validate()
        return config
    }

    /// Reads, parses and validates a YAML config file.
    public static func load(fromFile path: String) throws(ConfigError) -> ServiceConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
        return try parse(yaml: text, sourceName: path)
    }

    private static func unknownKey(_ error: UnknownConfigKey) -> ConfigError {
        .unknownKey(key: dottedKeyPath(error.codingPath), known: error.known)
    }

    private static func describe(_ error: DecodingError, sourceName: String) -> ConfigError {
        switch error {
        case .typeMismatch(let type, let context):
            .malformed(
                path: sourceName, key: dottedKeyPath(context.codingPath),
                reason: "expected a value of type \(type)")
        case .valueNotFound(let type, let context):
            .malformed(path: sourceName, key: dottedKeyPath(context.codingPath), reason: "missing \(type) value")
        case .keyNotFound(let key, let context):
            .malformed(
                path: sourceName, key: dottedKeyPath(context.codingPath + [key]), reason: "required key is missing")
        case .dataCorrupted(let context) where context.underlyingError is ConfigError:
            context.underlyingError as! ConfigError
        case .dataCorrupted(let context) where context.underlyingError is UnknownConfigKey:
            unknownKey(context.underlyingError as! UnknownConfigKey)
        case .dataCorrupted(let context):
            .malformed(
                path: sourceName, key: dottedKeyPath(context.codingPath),
                reason: context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        @unknown default:
            .malformed(path: sourceName, key: "", reason: "\(error)")
        }
    }
}
