import ArgumentParser
import Audio2Face
import Foundation

/// `audio2face bench pipeline`: frames per second through one postprocessing profile on one task.
struct BenchPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline", abstract: "Time one postprocessing profile alone (frames per second, one task).")

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: "Profile to run (default: the config's streaming.default_profile).")
    var profile = ""

    @Option(help: "Emotion preset applied to every clip, e.g. happiness_3 (empty: none).")
    var offset = "happiness_3"

    @Option(help: "Frames per clip (one engine segment's worth; 30 = 1 s at 30 fps).")
    var clipFrames = 30

    @Option(help: "Seconds to run.")
    var seconds: Double = 3

    func validate() throws {
        guard clipFrames > 0, seconds > 0 else { throw ValidationError("--clip-frames and --seconds must be positive") }
    }

    func run() async throws {
        let config = try configOptions.loadConfig()
        let library: PostprocessLibrary
        do {
            library = try PostprocessLibrary(
                config: config.postprocess, defaultProfile: config.streaming.defaultProfile,
                baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        } catch {
            throw ValidationError("cannot load postprocessing: \(error)")
        }
        let (pipeline, _) = library.pipeline(forProfile: profile)
        var context = library.makeContext(framesPerSecond: config.streaming.framesPerSecond)
        context.offsetName = offset.isEmpty ? nil : offset
        var random = SplitMix64(seed: 1)
        let names = BlendshapeNames.arkit51
        let values = (0..<(clipFrames * names.count)).map { _ in Float.random(in: 0...1, using: &random) }
        var clip = FaceClip(channelNames: names, values: values)
        let clock = ContinuousClock()
        let began = clock.now
        let limit = began + .milliseconds(Int64(seconds * 1_000))
        var frames = 0
        var checksum: Float = 0
        while clock.now < limit {
            for _ in 0..<100 {
                let output = try pipeline.process(clip, context: &context)
                checksum += output.values[0]
                frames += clipFrames
                clip.startFrame += clipFrames
            }
        }
        let elapsed = (clock.now - began).seconds
        print(
            String(
                format:
                    "profile %@: %d frames in %.2f s = %.0f frames/s on one task (clips of %d frames, offset %@; checksum %.1f)",
                pipeline.profileName, frames, elapsed, Double(frames) / elapsed, clipFrames,
                offset.isEmpty ? "none" : offset,
                checksum))
    }
}
