/// An ordered list of postprocessors (a profile), applied in order to every clip of a stream, with a
/// final clamp that also turns non-finite values into 0, so clients only ever see valid values: each
/// channel to the range a module declared for it (a retargeted rig's parameters), every other to [0, 1].
public struct Pipeline: Sendable {
    /// The profile this pipeline was built from.
    public let profileName: String
    /// The modules, in application order.
    public let modules: [any Postprocessor]
    /// The bounds of the final clamp.
    private let ranges: ChannelRanges

    /// Creates a pipeline.
    public init(profileName: String, modules: [any Postprocessor]) {
        self.profileName = profileName
        self.modules = modules
        ranges = ChannelRanges(declaredBy: modules)
    }

    /// A pipeline whose final clamp has its bounds ready for clips that leave the modules named `outputNames`.
    init(profileName: String, modules: [any Postprocessor], outputNames: [String]) {
        self.profileName = profileName
        self.modules = modules
        ranges = ChannelRanges(declaredBy: modules).prepared(forLayout: outputNames)
    }

    /// The channel names clips have after the whole pipeline, for input clips named `inputNames`.
    public func outputNames(forInput inputNames: [String]) throws -> [String] {
        try modules.reduce(inputNames) { names, module in try module.outputNames(forInput: names) }
    }

    /// The value range of each channel of clips named `channelNames` after the final clamp.
    public func valueRanges(forOutput channelNames: [String]) -> [ClosedRange<Float>] {
        let bounds = ranges.bounds(in: channelNames)
        return zip(bounds.lower, bounds.upper).map { $0...$1 }
    }

    /// Runs every module in order, then clamps the result to each channel's range (non-finite values become 0).
    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        var result = clip
        for module in modules {
            result = try module.process(result, context: &context)
        }
        if ranges.areAllUnit {
            for index in result.values.indices {
                let value = result.values[index]
                result.values[index] = value.isFinite ? min(max(value, 0), 1) : 0
            }
            return result
        }
        let bounds = ranges.bounds(in: result.channelNames)
        let width = result.channelCount
        guard width > 0 else { return result }
        result.values.withUnsafeMutableBufferPointer { values in
            var rowStart = 0
            while rowStart < values.count {
                for column in 0..<width {
                    let value = values[rowStart + column]
                    values[rowStart + column] =
                        value.isFinite ? min(max(value, bounds.lower[column]), bounds.upper[column]) : 0
                }
                rowStart += width
            }
        }
        return result
    }
}
