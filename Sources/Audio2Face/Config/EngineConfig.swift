/// Which face engine the service runs, with each engine's own settings.
public struct EngineConfig: Codable, Sendable, Equatable {
    /// The engines the service knows.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The built-in signal-processing engine (no download).
        case builtin
        /// The UniTalker ONNX model through ONNX Runtime.
        case unitalker
    }

    /// The engine to run.
    public var kind: Kind = .builtin
    /// Settings of the built-in engine.
    public var builtin = BuiltinEngineConfig()
    /// Settings of the UniTalker engine.
    public var unitalker = UnitalkerEngineConfig()

    /// The defaults (built-in engine).
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, builtin, unitalker
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        kind = try container.decode(.kind, default: defaults.kind)
        builtin = try container.decode(.builtin, default: defaults.builtin)
        unitalker = try container.decode(.unitalker, default: defaults.unitalker)
    }

    /// Checks the selected engine's settings; `keyPrefix` is this section's dotted path.
    public func validate(keyPrefix: String) throws(ConfigError) {
        switch kind {
        case .builtin: try builtin.validate(keyPrefix: "\(keyPrefix).builtin")
        case .unitalker: try unitalker.validate(keyPrefix: "\(keyPrefix).unitalker")
        }
    }
}
