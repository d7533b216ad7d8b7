import ArgumentParser
import Audio2Face
import Audio2FaceServer
import Foundation
import Logging

/// `audio2face bench engine`: times the configured engine alone on recordings, one stream on one task.
struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "Time the configured engine alone (engine seconds per audio second).")

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: "A WAV file or a folder of WAV files.")
    var audio: String

    @Option(help: "Segment length in seconds (default: the config's max_segment_seconds).")
    var segmentSeconds: Double?

    @Option(help: "How many times to run every recording.")
    var repeats = 3

    @Option(help: "Write the result as JSON to this file.")
    var json: String?

    func run() async throws {
        let config = try configOptions.loadConfig()
        let parts = try configOptions.makeParts(config, logger: Logger(label: "audio2face.bench"))
        let recordings = try RecordingLoader.load(audio).map(RecordingLoader.engineSamples)
        let benchmark = EngineBenchmark(
            engine: parts.environment.engine,
            segmentSeconds: segmentSeconds ?? config.streaming.segmentation.maxSegmentSeconds)
        let result = try await benchmark.run(recordings, repeats: max(1, repeats))
        print(
            String(
                format:
                    "engine %@: %.1f s of audio in %.3f s (segments of %.2f s): real-time factor %.5f (%.0f× real time) on one task",
                result.engine, result.audioSeconds, result.engineSeconds, result.segmentSeconds, result.realTimeFactor,
                1 / result.realTimeFactor))
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(to: URL(fileURLWithPath: json))
        }
    }
}
