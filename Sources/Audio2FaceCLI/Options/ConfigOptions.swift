import ArgumentParser
import Audio2Face
import Audio2FaceServer
import Foundation
import Logging

/// The `--config` and `--assets` options shared by commands that build the service.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "YAML configuration file (default: built-in engine, all defaults).",
            discussion: "Relative paths in the file start at the file's folder."))
    var config: String?

    @Option(
        name: .customLong("assets"),
        help: ArgumentHelp(
            "Folder with the postprocessing assets (blinks/, offsets/, mappings/); overrides postprocess.assets_dir.",
            discussion: "Default: the assets shipped beside the executable.", valueName: "dir"))
    var assetsDirectory: String?

    /// Loads and validates the configuration (defaults when no file is given), with `--assets` applied
    /// (a relative folder on the command line starts at the working directory).
    func loadConfig() throws -> ServiceConfig {
        var loaded = ServiceConfig()
        do {
            if let config {
                loaded = try ServiceConfig.load(fromFile: config)
            }
            if let assetsDirectory {
                loaded.postprocess.assetsDirectory = URL(fileURLWithPath: assetsDirectory).standardizedFileURL.path
            }
        } catch {
            throw ValidationError(error.description)
        }
        return loaded
    }

    /// Builds the engine and postprocessing from `config`. A loaded config file's relative paths are
    /// already absolute; the built-in defaults' relative paths start at the working directory.
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
