/// An ordered list of postprocessors (a profile), applied in order to every clip of a stream, with a
/// final clamp to [0, 1] that also turns non-finite values into 0, so clients only ever see valid weights.
public struct Pipeline: Sendable {
    /// The profile this pipeline was built from.
    public let profileName: String
    /// The modules, in application order.
    public let modules: [any Postprocessor]

    /// Creates a pipeline.
    public init(profileName: String, modules: [any Postprocessor]) {
        self.profileName = profileName
        self.modules = modules
    }

    /// The channel names clips have after the whole pipeline, for input clips named `inputNames`.
    public func outputNames(forInput inputNames: [String]) throws -> [String] {
        try modules.reduce(inputNames) { names, module in try module.outputNames(forInput: names) }
    }

    /// Runs every module in order, then clamps the result to [0, 1] (non-finite values become 0).
    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        var result = clip
        for module in modules {
            result = try module.process(result, context: &context)
        }
        for index in result.values.indices {
            let value = result.values[index]
            result.values[index] = value.isFinite ? min(max(value, 0), 1) : 0
        }
        return result
    }
}
