/// CSV in the Live Link Face layout: `Timecode,BlendShapeCount,<names…>`, one row per frame.
///
/// The timecode is `HH:MM:SS:FF.mmm` counted from the start of the clip (FF is the frame within the
/// second, mmm the millisecond of the frame's time), as Live Link Face writes it.
public struct LiveLinkCSVExporter: ClipExporter {
    public let fileExtension = "csv"

    /// Creates the exporter.
    public init() {}

    public func export(_ clip: FaceClip, framesPerSecond: Double) -> [UInt8] {
        var text = "Timecode,BlendShapeCount," + clip.channelNames.joined(separator: ",") + "\n"
        text.reserveCapacity(clip.frameCount * (clip.channelCount * 9 + 24))
        for row in 0..<clip.frameCount {
            text += Self.timecode(frame: clip.startFrame + row, framesPerSecond: framesPerSecond)
            text += ",\(clip.channelCount)"
            for channel in 0..<clip.channelCount {
                text += ","
                text += Self.formatted(clip[row, channel])
            }
            text += "\n"
        }
        return Array(text.utf8)
    }

    /// `HH:MM:SS:FF.mmm` of frame `frame` at `framesPerSecond`.
    static func timecode(frame: Int, framesPerSecond: Double) -> String {
        let seconds = Double(frame) / framesPerSecond
        let whole = Int(seconds)
        let frameInSecond = frame - Int((Double(whole) * framesPerSecond).rounded(.up))
        let millis = Int(((seconds - Double(whole)) * 1_000).rounded(.down))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        func three(_ value: Int) -> String { value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }
        return
            "\(two(whole / 3_600)):\(two(whole / 60 % 60)):\(two(whole % 60)):\(two(max(0, frameInSecond))).\(three(millis))"
    }

    private static func formatted(_ value: Float) -> String {
        let scaled = (Double(value) * 1e6).rounded() / 1e6
        return scaled == 0 ? "0" : "\(scaled)"
    }
}
