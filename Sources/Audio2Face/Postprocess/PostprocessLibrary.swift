import Foundation

/// Every postprocess profile of a config, built once at start-up with its assets loaded and checked, and
/// shared by all streams: a stream takes its profile's ``Pipeline`` and a fresh ``PostprocessContext``.
///
/// Modules are built once per name and reused by every profile that lists them; each profile's copies
/// have their channel columns worked out ahead of time for the 51 ARKit channels the engines produce
/// (clips with other channels still work, located clip by clip).
public struct PostprocessLibrary: Sendable {
    /// The config this library was built from.
    public let config: PostprocessConfig
    /// The asset folder the modules' files were read from (`postprocess.assets_dir` resolved, or the shipped
    /// assets); other shipped files, such as the browser demo, sit beside them.
    public let assetsFolder: URL
    /// One pipeline per profile, in config order.
    private let pipelines: [Pipeline]
    /// Position in ``pipelines`` of the profile that answers empty and unknown profile names.
    private let defaultPipelineIndex: Int

    /// Validates `config`, loads its assets from `postprocess.assets_dir` (the shipped assets when empty; a
    /// relative folder starts at `baseDirectory`) and builds every
    /// profile. `defaultProfile` (the config's `streaming.default_profile`) answers empty and unknown
    /// profile names and must be one of the configured profiles; nil means the first profile. Throws
    /// ``ConfigError`` naming the key, and the file and key inside it for asset problems.
    public init(config: PostprocessConfig, defaultProfile: String? = nil, baseDirectory: URL) throws {
        try config.validate()
        let configuredNames = config.profiles.map(\.name)
        if let defaultProfile {
            guard let index = configuredNames.firstIndex(of: defaultProfile) else {
                throw ConfigError.invalidValue(
                    key: "streaming.default_profile",
                    message: "'\(defaultProfile)' is not a configured profile; use one of the profiles under "
                        + "postprocess.profiles: \(configuredNames.joined(separator: ", "))")
            }
            defaultPipelineIndex = index
        } else {
            defaultPipelineIndex = 0
        }
        assetsFolder = try ShippedAssets.folder(configured: config.assetsDirectory, relativeTo: baseDirectory)
        let assets = PostprocessAssetLoader(baseDirectory: assetsFolder)
        var modules: [String: any Postprocessor] = [:]
        for (name, module) in config.modules.sorted(by: { $0.key < $1.key }) {
            modules[name] = try module.parameters.makeModule(
                name: name, keyPath: "postprocess.modules.\(name)", assets: assets)
        }
        self.config = config
        pipelines = config.profiles.map { profile in
            var inputNames: [String]? = BlendshapeNames.arkit51
            var chain: [any Postprocessor] = []
            for moduleName in profile.modules {
                var module = modules[moduleName]!
                if let names = inputNames {
                    if let preparing = module as? any ChannelLayoutPreparing {
                        module = preparing.prepared(forInput: names)
                    }
                    // Preparation only: a module that cannot take the 51 names leaves the rest of the
                    // chain to locate channels clip by clip; validate(engineChannelNames:) reports it.
                    inputNames = try? module.outputNames(forInput: names)
                }
                chain.append(module)
            }
            guard let outputNames = inputNames else { return Pipeline(profileName: profile.name, modules: chain) }
            return Pipeline(profileName: profile.name, modules: chain, outputNames: outputNames)
        }
    }

    /// The profile names, in config order.
    public var profileNames: [String] { pipelines.map(\.profileName) }

    /// The profile that answers empty and unknown profile names (`streaming.default_profile`).
    public var defaultProfileName: String { pipelines[defaultPipelineIndex].profileName }

    /// The pipeline of profile `name`. An empty or unknown name gives the default profile; `fellBack` is
    /// true only for a non-empty unknown name (the caller logs a warning listing ``profileNames``).
    public func pipeline(forProfile name: String) -> (pipeline: Pipeline, fellBack: Bool) {
        if let pipeline = pipelines.first(where: { $0.profileName == name }) {
            return (pipeline, false)
        }
        return (pipelines[defaultPipelineIndex], !name.isEmpty)
    }

    /// Checks that every profile can process clips with the engine's channels (the UniTalker modules need
    /// exactly 51), so that a wrong engine stops start-up instead of failing every stream.
    public func validate(engineChannelNames: [String]) throws {
        for (index, pipeline) in pipelines.enumerated() {
            do {
                _ = try pipeline.outputNames(forInput: engineChannelNames)
            } catch {
                throw ConfigError.invalidValue(
                    key: "postprocess.profiles[\(index)].modules",
                    message: "profile '\(pipeline.profileName)' cannot take the engine's "
                        + "\(engineChannelNames.count) channels: \(error)")
            }
        }
    }

    /// The emotion preset names the Offset modules of profile `name` know (after the same fallback as
    /// ``pipeline(forProfile:)``), sorted; a stream whose `offset_name` is not among them gets no offset.
    public func presetNames(forProfile name: String) -> [String] {
        let modules = pipeline(forProfile: name).pipeline.modules
        return Set(modules.compactMap { $0 as? Offset }.flatMap(\.presetNames)).sorted()
    }

    /// A new stream's context: its blink timing seeded from `blink_seed` when the config sets one (every
    /// stream then blinks alike, run after run), else from the system's random source.
    public func makeContext(framesPerSecond: Double) -> PostprocessContext {
        let random = config.blinkSeed.map { SplitMix64(seed: $0) } ?? SplitMix64()
        return PostprocessContext(framesPerSecond: framesPerSecond, random: random)
    }
}
