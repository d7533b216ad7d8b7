import Foundation

/// JSON: `{"frames_per_second": 30, "start_frame": 0, "blendshape_names": [...], "frames": [[...], ...]}`.
public struct JSONClipExporter: ClipExporter {
    public let fileExtension = "json"

    /// Creates the exporter.
    public init() {}

    private struct Document: Encodable {
        let framesPerSecond: Double
        let startFrame: Int
        let blendshapeNames: [String]
        let frames: [[Float]]

        enum CodingKeys: String, CodingKey {
            case framesPerSecond = "frames_per_second"
            case startFrame = "start_frame"
            case blendshapeNames = "blendshape_names"
            case frames
        }
    }

    public func export(_ clip: FaceClip, framesPerSecond: Double) -> [UInt8] {
        let frames = (0..<clip.frameCount).map { row in
            Array(clip.values[(row * clip.channelCount)..<((row + 1) * clip.channelCount)])
        }
        let document = Document(
            framesPerSecond: framesPerSecond, startFrame: clip.startFrame, blendshapeNames: clip.channelNames,
            frames: frames)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A document of finite floats, strings and arrays always encodes.
        return (try? Array(encoder.encode(document))) ?? []
    }
}
