/// A block of animation frames: named channels and a row-major `frameCount × channelCount` matrix.
///
/// `startFrame` is the index of the first row in the stream's timeline (frame k shows the audio at time
/// k / fps from the start of the stream), so clips of consecutive segments line up without drift.
public struct FaceClip: Sendable, Equatable {
    /// Channel names, one per column, in column order.
    public var channelNames: [String]
    /// Row-major values: frame `f`, channel `c` is `values[f * channelCount + c]`.
    public var values: [Float]
    /// Index of the first row in the stream's frame timeline.
    public var startFrame: Int

    /// Creates a clip; `values.count` must be a multiple of `channelNames.count`.
    public init(channelNames: [String], values: [Float], startFrame: Int = 0) {
        precondition(
            channelNames.isEmpty ? values.isEmpty : values.count % channelNames.count == 0,
            "FaceClip values (\(values.count)) are not a whole number of \(channelNames.count)-wide rows")
        self.channelNames = channelNames
        self.values = values
        self.startFrame = startFrame
    }

    /// A clip of `frameCount` all-zero frames.
    public init(zeroFrames frameCount: Int, channelNames: [String], startFrame: Int = 0) {
        self.init(
            channelNames: channelNames,
            values: [Float](repeating: 0, count: frameCount * channelNames.count),
            startFrame: startFrame)
    }

    /// Number of channels (columns).
    public var channelCount: Int { channelNames.count }

    /// Number of frames (rows).
    public var frameCount: Int { channelNames.isEmpty ? 0 : values.count / channelNames.count }

    /// The frame indices this clip covers in the stream's timeline.
    public var frameRange: Range<Int> { startFrame..<(startFrame + frameCount) }

    /// The column of `name`, or nil when the clip has no such channel.
    public func channelIndex(of name: String) -> Int? {
        channelNames.firstIndex(of: name)
    }

    /// The value of channel `channel` in row `frame` (both zero-based within this clip).
    public subscript(frame: Int, channel: Int) -> Float {
        get { values[frame * channelCount + channel] }
        set { values[frame * channelCount + channel] = newValue }
    }

    /// All values of one channel, in frame order.
    public func column(_ channel: Int) -> [Float] {
        (0..<frameCount).map { self[$0, channel] }
    }

    /// Rows `rows` (zero-based within this clip) as a new clip whose `startFrame` follows them.
    public func slice(rows: Range<Int>) -> FaceClip {
        let width = channelCount
        return FaceClip(
            channelNames: channelNames,
            values: Array(values[(rows.lowerBound * width)..<(rows.upperBound * width)]),
            startFrame: startFrame + rows.lowerBound)
    }

    /// Appends the frames of `other`, which must have the same channel names.
    public mutating func append(_ other: FaceClip) throws(ClipError) {
        guard other.channelNames == channelNames else {
            throw .channelMismatch(expected: channelNames, got: other.channelNames)
        }
        values.append(contentsOf: other.values)
    }
}

/// Errors from combining or building clips.
public enum ClipError: Error, Equatable, CustomStringConvertible {
    /// Two clips with different channel lists were combined.
    case channelMismatch(expected: [String], got: [String])

    public var description: String {
        switch self {
        case .channelMismatch(let expected, let got):
            "cannot join clips with different channels: expected \(expected.count) channels "
                + "(\(expected.prefix(3).joined(separator: ", "))…), got \(got.count) "
                + "(\(got.prefix(3).joined(separator: ", "))…)"
        }
    }
}
