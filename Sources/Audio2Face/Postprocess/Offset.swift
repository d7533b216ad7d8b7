/// Adds the emotion preset the stream chose (its `offset_name`) to the clip: `x → x + offset` for every
/// channel of the preset. No offset name, or one that names no preset, leaves the clip unchanged; preset
/// channels the clip lacks are skipped. A changed offset name applies from the next clip on. Matches the
/// reference Offset.
public struct Offset: Postprocessor, ChannelLayoutPreparing {
    public let name: String
    private let presets: [String: ChannelParameters<Float>]

    /// Creates the module instance `name` from presets {preset name: {channel: offset}}.
    public init(name: String, presets: [String: [String: Float]]) {
        self.name = name
        self.presets = presets.mapValues { ChannelParameters($0) }
    }

    private init(name: String, presets: [String: ChannelParameters<Float>]) {
        self.name = name
        self.presets = presets
    }

    /// The preset names this module knows, sorted.
    public var presetNames: [String] { presets.keys.sorted() }

    func prepared(forInput inputNames: [String]) -> Offset {
        Offset(name: name, presets: presets.mapValues { $0.prepared(forLayout: inputNames) })
    }

    public func outputNames(forInput inputNames: [String]) throws -> [String] { inputNames }

    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        guard let presetName = context.offsetName, let preset = presets[presetName] else { return clip }
        return preset.applying(to: clip) { value, offset in value + offset }
    }
}

extension Offset {
    /// `type: Offset`, with `presets_directory`: a directory of `<preset name>.json` files, each
    /// {channel: offset in [-1, 1]}.
    struct Parameters: PostprocessModuleParameters {
        static let typeName = "Offset"

        var presetsDirectory: String = ""

        init(presetsDirectory: String) {
            self.presetsDirectory = presetsDirectory
        }

        init() {}

        static var fields: [ConfigField<Self>] {
            [
                ConfigField(
                    "presets_directory", \.presetsDirectory,
                    .notEmpty("name a folder of preset .json files (relative to postprocess.assets_dir)"))
            ]
        }

        func makeModule(
            name: String, keyPath: String, assets: PostprocessAssetLoader
        ) throws(ConfigError) -> any Postprocessor {
            let presets = try assets.loadPresets(
                directory: presetsDirectory, configKey: "\(keyPath).presets_directory")
            return Offset(name: name, presets: presets)
        }
    }
}
