/// A blink as a short animation: channel names and a row-major `frameCount × channelCount` matrix of
/// weights, played from its first row at the frame the blink starts.
///
/// On disk it is the reference's JSON layout, `{"blendshape_names": [...], "blendshape_values": [[...], ...]}`
/// (see docs/postprocessing.md); ``PostprocessAssetLoader`` checks files before building one.
public struct BlinkAnimation: Sendable, Equatable {
    /// The channels the animation drives, one per column.
    public let channelNames: [String]
    /// Row-major weights: frame `f`, channel `c` is `values[f * channelNames.count + c]`.
    public let values: [Float]

    /// Creates an animation from its rows; every row must have one weight per channel name.
    public init(channelNames: [String], frames: [[Float]]) {
        precondition(!channelNames.isEmpty && !frames.isEmpty, "a blink animation needs channels and frames")
        precondition(
            frames.allSatisfy { $0.count == channelNames.count },
            "every blink animation row needs \(channelNames.count) values")
        self.channelNames = channelNames
        self.values = frames.flatMap { $0 }
    }

    /// Number of frames the blink lasts.
    public var frameCount: Int { values.count / channelNames.count }

    /// The weight of channel `channel` in frame `frame` of the animation.
    public subscript(frame: Int, channel: Int) -> Float {
        values[frame * channelNames.count + channel]
    }
}
