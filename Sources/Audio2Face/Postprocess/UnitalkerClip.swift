/// Tames raw UniTalker output before the other modules run: the eye squint/look/wide channels
/// (columns 2…13) are clipped to [0, 1] and scaled by 0.8, and MouthShrugUpper and the model's own blinks
/// (EyeBlinkLeft/Right) are clipped to [0, 0.01], so that injected blinks alone close the eyes.
///
/// Works by column position, so it accepts only the 51 UniTalker channels. Matches the reference
/// UnitalkerClip.
public struct UnitalkerClip: Postprocessor {
    /// The clip width this module accepts.
    public static let channelCount = 51
    /// Columns clipped to [0, 1] and then scaled by ``eyeScale`` (EyeSquintLeft … EyeLookUpRight).
    public static let eyeColumns = 2...13
    /// Factor applied to the eye columns after clipping.
    public static let eyeScale: Float = 0.8
    /// Columns clipped to [0, ``suppressedMaximum``]: EyeBlinkLeft, EyeBlinkRight, MouthShrugUpper.
    public static let suppressedColumns = [0, 1, 45]
    /// Upper bound of the suppressed columns.
    public static let suppressedMaximum: Float = 0.01

    public let name: String

    /// Creates the module instance `name`.
    public init(name: String) {
        self.name = name
    }

    public func outputNames(forInput inputNames: [String]) throws -> [String] {
        try checkWidth(inputNames.count)
        return inputNames
    }

    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        try checkWidth(clip.channelCount)
        var result = clip
        let width = Self.channelCount
        let eyeScale = Self.eyeScale
        let ceiling = Self.suppressedMaximum
        result.values.withUnsafeMutableBufferPointer { values in
            var rowStart = 0
            while rowStart < values.count {
                for column in Self.eyeColumns {
                    values[rowStart + column] = min(max(values[rowStart + column], 0), 1) * eyeScale
                }
                values[rowStart] = min(max(values[rowStart], 0), ceiling)
                values[rowStart + 1] = min(max(values[rowStart + 1], 0), ceiling)
                values[rowStart + 45] = min(max(values[rowStart + 45], 0), ceiling)
                rowStart += width
            }
        }
        return result
    }

    private func checkWidth(_ count: Int) throws(PostprocessError) {
        try Self.requireModelWidth(count, module: name, type: Parameters.typeName)
    }

    /// Throws unless `count` is the UniTalker model's 51 channels, which modules that address the
    /// model's columns by index (this one and ``UnitalkerRandomBlink``) need.
    static func requireModelWidth(_ count: Int, module: String, type: String) throws(PostprocessError) {
        guard count == channelCount else {
            throw .channelCountMismatch(module: module, type: type, expected: channelCount, got: count)
        }
    }
}

extension UnitalkerClip {
    /// `type: UnitalkerClip`; it has no parameters.
    struct Parameters: PostprocessModuleParameters {
        static let typeName = "UnitalkerClip"

        init() {}

        static var fields: [ConfigField<Self>] { [] }

        func makeModule(
            name: String, keyPath: String, assets: PostprocessAssetLoader
        ) throws(ConfigError) -> any Postprocessor {
            UnitalkerClip(name: name)
        }
    }
}
