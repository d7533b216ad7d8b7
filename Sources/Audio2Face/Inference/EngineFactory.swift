import Foundation

/// Builds the engine a configuration selects.
public enum EngineFactory {
    /// The engine `config.engine.kind` names; relative model paths resolve against `baseDirectory`.
    public static func makeEngine(config: ServiceConfig, baseDirectory: URL) throws -> any FaceEngine {
        let framesPerSecond = config.streaming.framesPerSecond
        switch config.engine.kind {
        case .builtin:
            return BuiltinEngine(config: config.engine.builtin, framesPerSecond: framesPerSecond)
        case .unitalker:
            return try UnitalkerEngine(
                config: config.engine.unitalker, framesPerSecond: framesPerSecond, baseDirectory: baseDirectory)
        }
    }
}
