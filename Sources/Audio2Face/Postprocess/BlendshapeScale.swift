/// Multiplies named channels by per-channel factors: `x → factor · x`. Channels the clip lacks are
/// skipped. Matches the reference BlendshapeScale.
public struct BlendshapeScale: Postprocessor, ChannelLayoutPreparing {
    public let name: String
    private let factors: ChannelParameters<Float>

    /// Creates the module instance `name` from {channel: factor}.
    public init(name: String, factors: [String: Float]) {
        self.name = name
        self.factors = ChannelParameters(factors)
    }

    private init(name: String, factors: ChannelParameters<Float>) {
        self.name = name
        self.factors = factors
    }

    func prepared(forInput inputNames: [String]) -> BlendshapeScale {
        BlendshapeScale(name: name, factors: factors.prepared(forLayout: inputNames))
    }

    public func outputNames(forInput inputNames: [String]) throws -> [String] { inputNames }

    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        factors.applying(to: clip) { value, factor in value * factor }
    }
}

extension BlendshapeScale {
    /// `type: BlendshapeScale`, with `scales` ({channel: factor in [0, 10]}).
    struct Parameters: PostprocessModuleParameters {
        static let typeName = "BlendshapeScale"

        var scales: [String: Float] = [:]

        init(scales: [String: Float]) {
            self.scales = scales
        }

        init() {}

        static var fields: [ConfigField<Self>] {
            [ConfigField("scales", \.scales, .notEmpty("list at least one channel: factor"), .values(in: 0...10))]
        }

        func makeModule(
            name: String, keyPath: String, assets: PostprocessAssetLoader
        ) throws(ConfigError) -> any Postprocessor {
            BlendshapeScale(name: name, factors: scales)
        }
    }
}
