/// Injects a 5-frame blink (0.4, 0.6, 1.0, 0.6, 0.4 on EyeBlinkLeft/Right, peaking at its third frame)
/// every 3–4 seconds, at random, overwriting those two channels; never at stream frame 0.
///
/// Works by column position (columns 0 and 1), so it accepts only the 51 UniTalker channels. Its timing
/// lives in the stream's context and carries over from clip to clip. Matches the reference
/// UnitalkerRandomBlink.
public struct UnitalkerRandomBlink: Postprocessor {
    /// The blink's weights, frame by frame.
    public static let curve: [Float] = [0.4, 0.6, 1.0, 0.6, 0.4]

    public let name: String
    /// Shortest time from one blink's start to the next, in seconds.
    public let lowerIntervalSeconds: Double
    /// Longest time from one blink's start to the next, in seconds.
    public let upperIntervalSeconds: Double

    /// Creates the module instance `name`; `0 < lowerIntervalSeconds ≤ upperIntervalSeconds`.
    public init(name: String, lowerIntervalSeconds: Double = 3, upperIntervalSeconds: Double = 4) {
        self.name = name
        self.lowerIntervalSeconds = lowerIntervalSeconds
        self.upperIntervalSeconds = upperIntervalSeconds
    }

    /// The blink intervals in frames at `framesPerSecond` (at least 1 frame).
    public func intervalFrames(framesPerSecond: Double) -> ClosedRange<Int> {
        let lower = max(1, Int((lowerIntervalSeconds * framesPerSecond).rounded()))
        let upper = max(lower, Int((upperIntervalSeconds * framesPerSecond).rounded()))
        return lower...upper
    }

    public func outputNames(forInput inputNames: [String]) throws -> [String] {
        try checkWidth(inputNames.count)
        return inputNames
    }

    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        try checkWidth(clip.channelCount)
        let intervals = intervalFrames(framesPerSecond: context.framesPerSecond)
        var schedule =
            context.state(of: name, as: BlinkSchedule.self)
            ?? BlinkSchedule(seed: context.random.next(), intervals: intervals)
        var result = clip
        let width = clip.channelCount
        let firstFrame = clip.startFrame
        let curve = Self.curve
        result.values.withUnsafeMutableBufferPointer { values in
            schedule.forEachBlink(
                overlapping: clip.frameRange, intervals: intervals, newBlink: (0, curve.count)
            ) { blink, frames in
                for frame in frames {
                    let weight = curve[frame - blink.startFrame]
                    let rowStart = (frame - firstFrame) * width
                    values[rowStart] = weight
                    values[rowStart + 1] = weight
                }
            }
        }
        context.setState(schedule, of: name)
        return result
    }

    private func checkWidth(_ count: Int) throws(PostprocessError) {
        try UnitalkerClip.requireModelWidth(count, module: name, type: Parameters.typeName)
    }
}

extension UnitalkerRandomBlink {
    /// `type: UnitalkerRandomBlink`, with `lower_interval_seconds` (3) and `upper_interval_seconds` (4).
    struct Parameters: PostprocessModuleParameters {
        static let typeName = "UnitalkerRandomBlink"

        var lowerIntervalSeconds: Double = 3
        var upperIntervalSeconds: Double = 4

        init() {}

        static var fields: [ConfigField<Self>] {
            [
                ConfigField("lower_interval_seconds", \.lowerIntervalSeconds, .above(0, atMost: 3_600)),
                ConfigField("upper_interval_seconds", \.upperIntervalSeconds, .above(0, atMost: 3_600)),
            ]
        }

        /// The longest interval is no shorter than the shortest.
        func validateRelations(key: String) throws(ConfigError) {
            if upperIntervalSeconds < lowerIntervalSeconds {
                throw .invalidValue(
                    key: "\(key).upper_interval_seconds",
                    message: "\(upperIntervalSeconds) is below lower_interval_seconds (\(lowerIntervalSeconds))")
            }
        }

        func makeModule(
            name: String, keyPath: String, assets: PostprocessAssetLoader
        ) throws(ConfigError) -> any Postprocessor {
            UnitalkerRandomBlink(
                name: name, lowerIntervalSeconds: lowerIntervalSeconds, upperIntervalSeconds: upperIntervalSeconds)
        }
    }
}
