/// Which face engine the service runs, with each engine's own settings (YAML section `engine`).
public struct EngineConfig: ConfigSection, Sendable, Equatable {
    /// The engines the service knows.
    public enum Kind: String, Sendable, CaseIterable, ConfigEnum {
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

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("kind", \.kind),
            ConfigField(section: "builtin", \.builtin),
            ConfigField(section: "unitalker", \.unitalker),
        ]
    }
}
