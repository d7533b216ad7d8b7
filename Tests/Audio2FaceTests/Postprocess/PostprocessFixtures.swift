import Audio2Face
import Audio2FaceTestSupport
import Foundation
import Testing

/// Small builders shared by the postprocess suites.
enum PostprocessFixtures {
    /// The repository root, for the shipped assets and configs.
    static var repositoryRoot: URL { TestRepository.root }

    /// A clip whose rows are `rows` (each as wide as `names`).
    static func clip(_ names: [String], _ rows: [[Float]], startFrame: Int = 0) -> FaceClip {
        FaceClip(channelNames: names, values: rows.flatMap { $0 }, startFrame: startFrame)
    }

    /// A context at 30 fps with a fixed seed and an optional offset name.
    static func context(seed: UInt64 = 7, offsetName: String? = nil) -> PostprocessContext {
        PostprocessContext(framesPerSecond: 30, offsetName: offsetName, random: SplitMix64(seed: seed))
    }

    /// A 51-channel clip of `frameCount` frames with deterministic pseudo-random weights in [0, 1).
    static func arkitClip(frameCount: Int, seed: UInt64 = 1, startFrame: Int = 0) -> FaceClip {
        var random = SplitMix64(seed: seed)
        let values = (0..<(frameCount * 51)).map { _ in Float(random.next() >> 40) / Float(1 << 24) }
        return FaceClip(channelNames: BlendshapeNames.arkit51, values: values, startFrame: startFrame)
    }

    /// Runs `clip` through `body` cut into consecutive pieces of `lengths` frames plus a last piece with
    /// the frames left over (so `lengths.count + 1` pieces), and joins the results.
    static func processInPieces(
        _ clip: FaceClip, lengths: [Int], context: inout PostprocessContext,
        _ body: (FaceClip, inout PostprocessContext) throws -> FaceClip
    ) throws -> FaceClip {
        var start = 0
        var joined = FaceClip(zeroFrames: 0, channelNames: [], startFrame: clip.startFrame)
        for (index, length) in (lengths + [clip.frameCount]).enumerated() {
            let end = min(clip.frameCount, start + length)
            let piece = try body(clip.slice(rows: start..<end), &context)
            if index == 0 { joined = piece } else { try joined.append(piece) }
            start = end
        }
        return joined
    }

    /// The shipped default library, loaded from the repository's assets.
    static func shippedLibrary(blinkSeed: UInt64? = 42) throws -> PostprocessLibrary {
        var config = PostprocessConfig.default
        config.blinkSeed = blinkSeed
        return try PostprocessLibrary(config: config, baseDirectory: repositoryRoot)
    }

    /// A fresh temporary directory for asset files; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("a2f-post-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `relativePath` under `directory`, creating folders.
    static func write(_ text: String, to relativePath: String, in directory: URL) throws {
        let url = directory.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
