/// Clips named channels to per-channel bounds: `x → min(max(x, lower), upper)`, where either bound may be
/// absent. Channels the clip lacks are skipped. Matches the reference BlendshapeClip.
public struct BlendshapeClip: Postprocessor, ChannelLayoutPreparing {
    public let name: String
    private let bounds: ChannelParameters<(lower: Float, upper: Float)>

    /// Creates the module instance `name` from per-channel lower and upper bounds (either map may omit a
    /// channel the other has).
    public init(name: String, lowerBounds: [String: Float], upperBounds: [String: Float]) {
        self.name = name
        var pairs: [String: (lower: Float, upper: Float)] = [:]
        for channel in Set(lowerBounds.keys).union(upperBounds.keys) {
            pairs[channel] = (lowerBounds[channel] ?? -.infinity, upperBounds[channel] ?? .infinity)
        }
        bounds = ChannelParameters(pairs)
    }

    private init(name: String, bounds: ChannelParameters<(lower: Float, upper: Float)>) {
        self.name = name
        self.bounds = bounds
    }

    func prepared(forInput inputNames: [String]) -> BlendshapeClip {
        BlendshapeClip(name: name, bounds: bounds.prepared(forLayout: inputNames))
    }

    public func outputNames(forInput inputNames: [String]) throws -> [String] { inputNames }

    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        bounds.applying(to: clip) { value, bound in min(max(value, bound.lower), bound.upper) }
    }
}

extension BlendshapeClip {
    /// `type: BlendshapeClip`, with `lower_bounds` and `upper_bounds` ({channel: bound in [0, 1]}).
    struct Parameters: PostprocessModuleParameters {
        static let typeName = "BlendshapeClip"

        var lowerBounds: [String: Float] = [:]
        var upperBounds: [String: Float] = [:]

        init(lowerBounds: [String: Float], upperBounds: [String: Float]) {
            self.lowerBounds = lowerBounds
            self.upperBounds = upperBounds
        }

        init() {}

        static var fields: [ConfigField<Self>] {
            [
                ConfigField("lower_bounds", \.lowerBounds, .values(in: 0...1)),
                ConfigField("upper_bounds", \.upperBounds, .values(in: 0...1)),
            ]
        }

        /// At least one bound, and no upper bound below its channel's lower bound.
        func validateRelations(key: String) throws(ConfigError) {
            if lowerBounds.isEmpty && upperBounds.isEmpty {
                throw .invalidValue(
                    key: "\(key).lower_bounds",
                    message: "is empty; list at least one channel bound (in lower_bounds or upper_bounds)")
            }
            for (channel, lower) in lowerBounds.sorted(by: { $0.key < $1.key }) {
                if let upper = upperBounds[channel], upper < lower {
                    throw .invalidValue(
                        key: "\(key).upper_bounds.\(channel)",
                        message: "\(upper) is below the lower bound \(lower); use a value in [\(lower), 1]")
                }
            }
        }

        func makeModule(
            name: String, keyPath: String, assets: PostprocessAssetLoader
        ) throws(ConfigError) -> any Postprocessor {
            BlendshapeClip(name: name, lowerBounds: lowerBounds, upperBounds: upperBounds)
        }
    }
}
