import ArgumentParser
import Audio2Face
import Audio2FaceServer
import Foundation
import Logging

/// The `--config` option shared by commands that build the service.
struct ConfigOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "YAML configuration file (default: built-in engine, all defaults).")
    var config: String?

    /// Loads and validates the configuration (defaults when no file is given).
    func loadConfig() throws -> ServiceConfig {
        guard let config else { return ServiceConfig() }
        do {
            return try ServiceConfig.load(fromFile: config)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Builds the engine and postprocessing from `config`, resolving relative paths against the
    /// current directory.
    func makeParts(_ config: ServiceConfig, logger: Logger) throws -> ServiceParts {
        do {
            return try ServiceParts(
                config: config, baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                logger: logger)
        } catch let error as CustomStringConvertible {
            throw ValidationError("cannot start: \(error.description)")
        }
    }
}
