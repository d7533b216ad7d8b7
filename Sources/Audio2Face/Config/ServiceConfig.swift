import Foundation
import Logging

/// The whole service configuration, loaded from YAML. Every key is declared once, in its section's
/// `fields`, and read by the one config decoder (``ConfigSection``): every key has a default, unknown
/// keys are errors, and every error names the dotted key. A relative path in a config file resolves
/// against the file's folder.
public struct ServiceConfig: ConfigSection, Sendable, Equatable {
    /// Listening address and message limits.
    public var server = ServerConfig()
    /// NVIDIA's Audio2Face-3D gRPC API.
    public var grpc = GRPCConfig()
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
    /// Level of every log destination that does not set its own.
    public var logLevel: Logger.Level = .info
    /// Named live outputs (VMC, Live Link Face) a stream can opt in to; none by default.
    public var outputs: [String: LiveOutputConfig] = [:]

    /// The defaults: built-in engine on 127.0.0.1:18083.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField(section: "server", \.server),
            ConfigField(section: "grpc", \.grpc),
            ConfigField(section: "streaming", \.streaming),
            ConfigField(section: "engine", \.engine),
            ConfigField(section: "postprocess", \.postprocess),
            ConfigField(section: "limits", \.limits),
            ConfigField(section: "auth", \.auth),
            ConfigField(section: "logging", \.logging),
            ConfigField("log_level", \.logLevel),
            ConfigField("outputs", \.outputs),
        ]
    }

    /// Every output's profile must be a configured profile.
    func validateRelations(key: String) throws(ConfigError) {
        let profiles = postprocess.profiles.map(\.name)
        for name in outputs.keys.sorted() where !profiles.contains(outputs[name]!.profile) {
            throw .invalidValue(
                key: "outputs.\(name).profile",
                message: "'\(outputs[name]!.profile)' is not a configured profile; use one of: "
                    + profiles.joined(separator: ", "))
        }
    }

    /// Checks every section, throwing the first problem with its dotted key.
    public func validate() throws(ConfigError) {
        try validate(at: "")
    }

    /// Parses and validates YAML text; `sourceName` names the text in error messages, and relative paths
    /// in it are made absolute against `baseDirectory` (nil keeps them as written).
    public static func parse(
        yaml: String, sourceName: String = "<config>", relativePathsFrom baseDirectory: URL? = nil
    ) throws(ConfigError) -> ServiceConfig {
        try decodeDocument(yaml: yaml, sourceName: sourceName, relativePathsFrom: baseDirectory)
    }

    /// Reads, parses and validates a YAML config file; its relative paths resolve against its folder.
    public static func load(fromFile path: String) throws(ConfigError) -> ServiceConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
        return try parse(yaml: text, sourceName: path, relativePathsFrom: folder)
    }
}
