/// Zeroes small values of named channels: `x → x ≤ threshold ? 0 : x` (a value equal to the threshold
/// becomes 0). Channels the clip lacks are skipped. Matches the reference BlendshapeThreshold.
public struct BlendshapeThreshold: Postprocessor, ChannelLayoutPreparing {
    public let name: String
    private let thresholds: ChannelParameters<Float>

    /// Creates the module instance `name` from {channel: threshold}.
    public init(name: String, thresholds: [String: Float]) {
        self.name = name
        self.thresholds = ChannelParameters(thresholds)
    }

    private init(name: String, thresholds: ChannelParameters<Float>) {
        self.name = name
        self.thresholds = thresholds
    }

    func prepared(forInput inputNames: [String]) -> BlendshapeThreshold {
        BlendshapeThreshold(name: name, thresholds: thresholds.prepared(forLayout: inputNames))
    }

    public func outputNames(forInput inputNames: [String]) throws -> [String] { inputNames }

    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        thresholds.applying(to: clip) { value, threshold in value <= threshold ? 0 : value }
    }
}

extension BlendshapeThreshold {
    /// `type: BlendshapeThreshold`, with `thresholds` ({channel: threshold in [0, 1]}).
    struct Parameters: PostprocessModuleParameters {
        static let typeName = "BlendshapeThreshold"

        var thresholds: [String: Float] = [:]

        init(thresholds: [String: Float]) {
            self.thresholds = thresholds
        }

        init() {}

        static var fields: [ConfigField<Self>] {
            [
                ConfigField(
                    "thresholds", \.thresholds, .notEmpty("list at least one channel: threshold"), .values(in: 0...1))
            ]
        }

        func makeModule(
            name: String, keyPath: String, assets: PostprocessAssetLoader
        ) throws(ConfigError) -> any Postprocessor {
            BlendshapeThreshold(name: name, thresholds: thresholds)
        }
    }
}
