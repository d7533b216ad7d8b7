import Foundation

/// Reshapes named channels (the jaw) with a blend of a linear and an exponential curve:
/// `y = clip(x + offset, 0, 1) / ref`, `x → clip((1 − w)·y + w·(1 − e^(−k·y)), 0, 1)`, where `ref` is the
/// normalize reference, `k` the exponential strength and `w` the blend weight. Channels the clip lacks are
/// skipped. Matches the reference LinearExpBlend.
public struct LinearExpBlend: Postprocessor, ChannelLayoutPreparing {
    /// The curve's constants.
    public struct Curve: Sendable, Equatable {
        /// Added to the input before clipping (`offset`).
        public var offset: Float
        /// The input that maps to 1 on the linear part (`normalize_reference`).
        public var normalizeReference: Float
        /// Steepness of the exponential part (`exponential_strength`).
        public var exponentialStrength: Float
        /// Share of the exponential part, 0 = linear only (`blend_weight`).
        public var blendWeight: Float

        /// The reference's shipped jaw setting: offset −0.106, reference 0.75, strength 8, weight 0.4.
        public static let jaw = Curve(
            offset: -0.106, normalizeReference: 0.75, exponentialStrength: 8, blendWeight: 0.4)

        /// Creates a curve.
        public init(offset: Float, normalizeReference: Float, exponentialStrength: Float, blendWeight: Float) {
            self.offset = offset
            self.normalizeReference = normalizeReference
            self.exponentialStrength = exponentialStrength
            self.blendWeight = blendWeight
        }

        /// The curve applied to one value.
        @inline(__always)
        public func callAsFunction(_ x: Float) -> Float {
            let y = min(max(x + offset, 0), 1) / normalizeReference
            let blended = (1 - blendWeight) * y + blendWeight * (1 - exp(-exponentialStrength * y))
            return min(max(blended, 0), 1)
        }
    }

    public let name: String
    /// The constants applied to every listed channel.
    public let curve: Curve
    private let channels: ChannelParameters<Void>

    /// Creates the module instance `name` acting on `channelNames`.
    public init(name: String, channelNames: [String], curve: Curve = .jaw) {
        self.name = name
        self.curve = curve
        var unique: [String] = []
        for channel in channelNames where !unique.contains(channel) {
            unique.append(channel)
        }
        channels = ChannelParameters(unique.map { (name: $0, parameter: ()) })
    }

    private init(name: String, curve: Curve, channels: ChannelParameters<Void>) {
        self.name = name
        self.curve = curve
        self.channels = channels
    }

    func prepared(forInput inputNames: [String]) -> LinearExpBlend {
        LinearExpBlend(name: name, curve: curve, channels: channels.prepared(forLayout: inputNames))
    }

    public func outputNames(forInput inputNames: [String]) throws -> [String] { inputNames }

    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        let columns = channels.resolved(in: clip.channelNames).columns
        guard !columns.isEmpty else { return clip }
        var result = clip
        let width = clip.channelCount
        let curve = self.curve
        result.values.withUnsafeMutableBufferPointer { values in
            var rowStart = 0
            while rowStart < values.count {
                for column in columns {
                    values[rowStart + column] = curve(values[rowStart + column])
                }
                rowStart += width
            }
        }
        return result
    }
}

extension LinearExpBlend {
    /// `type: LinearExpBlend`, with `names`, `offset` (−0.106), `normalize_reference` (0.75),
    /// `exponential_strength` (8) and `blend_weight` (0.4).
    struct Parameters: PostprocessModuleParameters {
        static let typeName = "LinearExpBlend"

        var names: [String] = []
        var offset: Float = Curve.jaw.offset
        var normalizeReference: Float = Curve.jaw.normalizeReference
        var exponentialStrength: Float = Curve.jaw.exponentialStrength
        var blendWeight: Float = Curve.jaw.blendWeight

        init(names: [String]) {
            self.names = names
        }

        init() {}

        static var fields: [ConfigField<Self>] {
            [
                ConfigField("names", \.names, .notEmpty("list at least one channel name")),
                ConfigField("offset", \.offset, .range(-1...1)),
                ConfigField("normalize_reference", \.normalizeReference, .above(0, atMost: 1)),
                ConfigField("exponential_strength", \.exponentialStrength, .range(0...100)),
                ConfigField("blend_weight", \.blendWeight, .range(0...1)),
            ]
        }

        func makeModule(
            name: String, keyPath: String, assets: PostprocessAssetLoader
        ) throws(ConfigError) -> any Postprocessor {
            LinearExpBlend(
                name: name, channelNames: names,
                curve: Curve(
                    offset: offset, normalizeReference: normalizeReference,
                    exponentialStrength: exponentialStrength, blendWeight: blendWeight))
        }
    }
}
