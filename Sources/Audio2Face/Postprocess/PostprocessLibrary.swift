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
    /// One pipeline per profile, in config order.
    private let pipelines: [Pipeline]

    /// Validates `config`, loads its assets (relative paths start at `baseDirectory`) and builds every
    /// profile. Throws ``ConfigError`` naming the key, and the file and key inside it for asset problems.
    public init(config: PostprocessConfig, baseDirectory: URL) throws {
        try config.validate()
        let assets = PostprocessAssetLoader(baseDirectory: baseDirectory)
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
                    inputNames = try? module.outputNames(forInput: names)
                }
                chain.append(module)
            }
            return Pipeline(profileName: profile.name, modules: chain)
        }
    }

    /// The profile names, in config order (the first is the fallback).
    public var profileNames: [String] { pipelines.map(\.profileName) }

    /// The pipeline of profile `name`. An empty or unknown name gives the first profile; `fellBack` is
    /// true only for a non-empty unknown name (the caller logs a warning).
    public func pipeline(forProfile name: String) -> (pipeline: Pipeline, fellBack: Bool) {
        if let pipeline = pipelines.first(where: { $0.profileName == name }) {
            return (pipeline, false)
        }
        return (pipelines[0], !name.isEmpty)
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
