import Foundation

/// Inserts blinks from named animations every `lower…upper` frames (a fresh random interval from one
/// blink's start to the next), writing the animation's channels over the clip's (`replace`) or keeping
/// the larger of the two (`max`); channels the clip lacks are skipped. The first blink comes
/// `lower…upper` frames into the stream, so never at frame 0.
///
/// The stream's offset name picks the animation for blinks that start in each clip: the animation named
/// exactly like it (`happiness_3`), else the one named by its emotion (`happiness`), else the default.
/// A blink under way keeps its animation. Timing lives in the stream's context and carries over from clip
/// to clip, so a stream cut into any number of clips blinks on the same frames. Matches the reference
/// CustomBlink, with the emotion fallback and `max` blending added.
public struct CustomBlink: Postprocessor, ChannelLayoutPreparing {
    /// How a blink's weights combine with the clip's.
    public enum Blend: String, Sendable, CaseIterable, ConfigEnum {
        /// The animation's weight replaces the clip's (the reference's behaviour).
        case replace
        /// The larger of the two is kept, so a preset's raised channels never dip during a blink.
        case max
    }

    public let name: String
    /// Frames from one blink's start to the next, drawn uniformly.
    public let intervalFrames: ClosedRange<Int>
    /// How blink weights combine with the clip's.
    public let blend: Blend
    /// The animations, ordered by name.
    private let animations: [BlinkAnimation]
    /// For each animation, its channels' columns in the clip, with the animation column of each.
    private let channels: [ChannelParameters<Int>]
    /// Animation index by name.
    private let animationIndex: [String: Int]
    /// Index of the animation used when the offset name selects none.
    private let defaultAnimation: Int

    /// Creates the module instance `name`; `animations` must include `defaultAnimation`, and
    /// `1 ≤ intervalFrames.lowerBound`.
    public init(
        name: String, animations: [String: BlinkAnimation], defaultAnimation: String,
        intervalFrames: ClosedRange<Int>, blend: Blend = .replace
    ) throws(ConfigError) {
        let names = animations.keys.sorted()
        guard let defaultIndex = names.firstIndex(of: defaultAnimation) else {
            throw .invalidValue(
                key: name,
                message: "there is no blink animation '\(defaultAnimation)'; known: \(names.joined(separator: ", "))")
        }
        guard intervalFrames.lowerBound >= 1 else {
            throw .invalidValue(key: name, message: "blink intervals must be at least 1 frame, got \(intervalFrames)")
        }
        self.name = name
        self.intervalFrames = intervalFrames
        self.blend = blend
        self.animations = names.map { animations[$0]! }
        channels = self.animations.map { animation in
            ChannelParameters(animation.channelNames.enumerated().map { (name: $0.element, parameter: $0.offset) })
        }
        animationIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
        self.defaultAnimation = defaultIndex
    }

    private init(copying other: CustomBlink, channels: [ChannelParameters<Int>]) {
        name = other.name
        intervalFrames = other.intervalFrames
        blend = other.blend
        animations = other.animations
        self.channels = channels
        animationIndex = other.animationIndex
        defaultAnimation = other.defaultAnimation
    }

    /// The animation names this module knows, sorted.
    public var animationNames: [String] { animationIndex.keys.sorted() }

    /// The name of the animation new blinks play under offset name `offsetName`.
    public func animationName(forOffsetName offsetName: String?) -> String {
        animationNames[animation(forOffsetName: offsetName)]
    }

    func prepared(forInput inputNames: [String]) -> CustomBlink {
        CustomBlink(copying: self, channels: channels.map { $0.prepared(forLayout: inputNames) })
    }

    public func outputNames(forInput inputNames: [String]) throws -> [String] { inputNames }

    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        var schedule =
            context.state(of: name, as: BlinkSchedule.self)
            ?? BlinkSchedule(seed: context.random.next(), intervals: intervalFrames)
        let chosen = animation(forOffsetName: context.offsetName)
        var result = clip
        let width = clip.channelCount
        let firstFrame = clip.startFrame
        result.values.withUnsafeMutableBufferPointer { values in
            schedule.forEachBlink(
                overlapping: clip.frameRange, intervals: intervalFrames,
                newBlink: (chosen, animations[chosen].frameCount)
            ) { blink, frames in
                let animation = animations[blink.animation]
                let resolved = channels[blink.animation].resolved(in: clip.channelNames)
                for frame in frames {
                    let rowStart = (frame - firstFrame) * width
                    let animationRow = frame - blink.startFrame
                    for (column, animationColumn) in zip(resolved.columns, resolved.parameters) {
                        let weight = animation[animationRow, animationColumn]
                        switch blend {
                        case .replace: values[rowStart + column] = weight
                        case .max: values[rowStart + column] = Swift.max(values[rowStart + column], weight)
                        }
                    }
                }
            }
        }
        context.setState(schedule, of: name)
        return result
    }

    /// Index of the animation for `offsetName`: exact name, then its emotion, then the default.
    private func animation(forOffsetName offsetName: String?) -> Int {
        guard let offsetName, !offsetName.isEmpty else { return defaultAnimation }
        if let index = animationIndex[offsetName] { return index }
        if let emotion = Self.emotion(ofPreset: offsetName), let index = animationIndex[emotion] { return index }
        return defaultAnimation
    }

    /// The emotion of a preset name with an intensity suffix (`happiness_3` → `happiness`), else nil.
    static func emotion(ofPreset presetName: String) -> String? {
        guard let underscore = presetName.lastIndex(of: "_") else { return nil }
        let suffix = presetName[presetName.index(after: underscore)...]
        guard !suffix.isEmpty, suffix.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(presetName[..<underscore])
    }
}

extension CustomBlink {
    /// `type: CustomBlink`, with `animations_directory` (`<name>.json` blink animations),
    /// `default_animation` ("default"), `lower_interval_frames` (30), `upper_interval_frames` (90) and
    /// `blend` (`replace`).
    struct Parameters: PostprocessModuleParameters {
        static let typeName = "CustomBlink"

        var animationsDirectory: String = ""
        var defaultAnimation: String = "default"
        var lowerIntervalFrames: Int = 30
        var upperIntervalFrames: Int = 90
        var blend: Blend = .replace

        init(animationsDirectory: String, blend: Blend) {
            self.animationsDirectory = animationsDirectory
            self.blend = blend
        }

        init() {}

        static var fields: [ConfigField<Self>] {
            [
                ConfigField(
                    "animations_directory", \.animationsDirectory,
                    .notEmpty("name a folder of blink .json files (relative to postprocess.assets_dir)")),
                ConfigField("default_animation", \.defaultAnimation, .notEmpty("name one of the animations")),
                ConfigField("lower_interval_frames", \.lowerIntervalFrames, .range(1...100_000)),
                ConfigField("upper_interval_frames", \.upperIntervalFrames, .range(1...100_000)),
                ConfigField("blend", \.blend),
            ]
        }

        /// The longest interval is no shorter than the shortest.
        func validateRelations(key: String) throws(ConfigError) {
            if upperIntervalFrames < lowerIntervalFrames {
                throw .invalidValue(
                    key: "\(key).upper_interval_frames",
                    message: "\(upperIntervalFrames) is below lower_interval_frames (\(lowerIntervalFrames))")
            }
        }

        func makeModule(
            name: String, keyPath: String, assets: PostprocessAssetLoader
        ) throws(ConfigError) -> any Postprocessor {
            let animations = try assets.loadBlinkAnimations(
                directory: animationsDirectory, configKey: "\(keyPath).animations_directory")
            guard animations[defaultAnimation] != nil else {
                throw .invalidValue(
                    key: "\(keyPath).default_animation",
                    message: "no '\(defaultAnimation).json' in \(assets.url(for: animationsDirectory).path); "
                        + "found: \(animations.keys.sorted().joined(separator: ", "))")
            }
            return try CustomBlink(
                name: name, animations: animations, defaultAnimation: defaultAnimation,
                intervalFrames: lowerIntervalFrames...upperIntervalFrames, blend: blend)
        }
    }
}
