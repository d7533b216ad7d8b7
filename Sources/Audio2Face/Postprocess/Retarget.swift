/// Maps our channels onto another rig through a ``RetargetMapping``: each target is the weighted sum of its
/// source channels, shaped by its curve and bounded by its range, in mapping order; sources a clip lacks count
/// as 0. With `normalize: sum_to_one` each frame's targets are scaled to add up to 1.
///
/// The targets' ranges are declared to the ``Pipeline``, whose final clamp uses them instead of [0, 1].
public struct Retarget: Postprocessor, ChannelLayoutPreparing, ChannelRangeDeclaring {
    public let name: String
    /// The output channel names, in mapping order.
    public let targetNames: [String]
    /// Each source term: its channel, with the target column it adds to and its weight.
    private let terms: ChannelParameters<Term>
    /// Curve of each target column.
    private let curves: [RetargetCurve]
    /// Lower and upper bound of each target column.
    private let lowerBounds: [Float]
    private let upperBounds: [Float]
    private let normalization: RetargetMapping.Normalization

    /// One weighted source of a target.
    struct Term: Sendable {
        let targetColumn: Int
        let weight: Float
    }

    /// Creates the module instance `name` from a mapping, which is validated first.
    public init(name: String, mapping unchecked: RetargetMapping) throws(ConfigError) {
        let mapping: RetargetMapping
        do {
            mapping = try unchecked.validated()
        } catch {
            throw .invalidValue(key: "\(name).\(error.key)", message: error.problem)
        }
        self.name = name
        targetNames = mapping.targets.map(\.name)
        terms = ChannelParameters(
            mapping.targets.enumerated().flatMap { column, target in
                target.weights.map { (name: $0.source, parameter: Term(targetColumn: column, weight: $0.weight)) }
            })
        curves = mapping.targets.map(\.curve)
        lowerBounds = mapping.targets.map(\.range.lowerBound)
        upperBounds = mapping.targets.map(\.range.upperBound)
        normalization = mapping.normalization
    }

    private init(copying module: Retarget, terms: ChannelParameters<Term>) {
        name = module.name
        targetNames = module.targetNames
        self.terms = terms
        curves = module.curves
        lowerBounds = module.lowerBounds
        upperBounds = module.upperBounds
        normalization = module.normalization
    }

    func prepared(forInput inputNames: [String]) -> Retarget {
        Retarget(copying: self, terms: terms.prepared(forLayout: inputNames))
    }

    var declaredRanges: [(name: String, range: ClosedRange<Float>)] {
        targetNames.indices.map { (targetNames[$0], lowerBounds[$0]...upperBounds[$0]) }
    }

    public func outputNames(forInput inputNames: [String]) throws -> [String] { targetNames }

    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        let resolved = terms.resolved(in: clip.channelNames)
        let frameCount = clip.frameCount
        let inputWidth = clip.channelCount
        let outputWidth = targetNames.count
        let output = [Float](unsafeUninitializedCapacity: frameCount * outputWidth) { buffer, initialized in
            buffer.initialize(repeating: 0)
            clip.values.withUnsafeBufferPointer { input in
                for frame in 0..<frameCount {
                    let inputRow = frame * inputWidth
                    let outputRow = frame * outputWidth
                    for (sourceColumn, term) in zip(resolved.columns, resolved.parameters) {
                        buffer[outputRow + term.targetColumn] += term.weight * input[inputRow + sourceColumn]
                    }
                    var sum: Float = 0
                    for column in 0..<outputWidth {
                        let shaped = curves[column].apply(buffer[outputRow + column])
                        let bounded = shaped.isFinite ? min(max(shaped, lowerBounds[column]), upperBounds[column]) : 0
                        buffer[outputRow + column] = bounded
                        sum += bounded
                    }
                    if normalization == .sumToOne {
                        normalizeRow(buffer, start: outputRow, width: outputWidth, sum: sum)
                    }
                }
            }
            initialized = frameCount * outputWidth
        }
        return FaceClip(channelNames: targetNames, values: output, startFrame: clip.startFrame)
    }

    /// Scales one frame's targets to add up to 1; an all-zero frame gives 1 to the first target.
    @inline(__always)
    private func normalizeRow(_ buffer: UnsafeMutableBufferPointer<Float>, start: Int, width: Int, sum: Float) {
        guard sum > 0 else {
            buffer[start] = 1
            return
        }
        let scale = 1 / sum
        for column in start..<(start + width) {
            buffer[column] *= scale
        }
    }
}

extension Retarget {
    /// `type: Retarget`, with `mapping`: a mapping JSON file (relative to `postprocess.assets_dir`).
    struct Parameters: PostprocessModuleParameters {
        static let typeName = "Retarget"

        var mapping: String = ""

        init(mapping: String) {
            self.mapping = mapping
        }

        init() {}

        static var fields: [ConfigField<Self>] {
            [
                ConfigField(
                    "mapping", \.mapping, .notEmpty("name a mapping .json file (relative to postprocess.assets_dir)"))
            ]
        }

        func makeModule(
            name: String, keyPath: String, assets: PostprocessAssetLoader
        ) throws(ConfigError) -> any Postprocessor {
            try Retarget(name: name, mapping: assets.loadRetargetMapping(mapping, configKey: "\(keyPath).mapping"))
        }
    }
}
