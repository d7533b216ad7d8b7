import ArgumentParser
import Audio2Face
import Audio2FaceServer
import Foundation
import Logging

/// `audio2face convert`: turns a WAV file into an animation file offline, through the same pipeline the
/// service uses.
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert", abstract: "Convert a WAV file to a blendshape animation (CSV or JSON).")

    @Argument(help: "Input WAV file: 8/16/24/32-bit integer or 32/64-bit float, 8–48 kHz, 1–8 channels.")
    var input: String

    @Option(name: .shortAndLong, help: "Output file; the extension picks the format: .csv (Live Link Face) or .json.")
    var output: String

    @Option(help: "Postprocessing profile (default: the config's streaming.default_profile).")
    var profile: String = ""

    @Option(help: "Emotion preset applied to the whole file, e.g. happiness_2.")
    var offset: String = ""

    @OptionGroup var configOptions: ConfigOptions

    func validate() throws {
        let ext = URL(fileURLWithPath: output).pathExtension
        guard ClipExportFormat(pathExtension: ext) != nil else {
            throw ValidationError(
                "cannot tell the format of '\(output)'; use a .csv or .json file name")
        }
    }

    func run() async throws {
        let wav = try WAVInput.read(input)
        let config = try configOptions.loadConfig()
        let logger = Logger(label: "audio2face.convert")
        let parts = try configOptions.makeParts(config, logger: logger)
        let progressBar = ProgressBar(enabled: isatty(STDERR_FILENO) != 0 && wav.durationSeconds > 10)
        let clip = try await OfflineConverter(environment: parts.environment)
            .convert(wav, profileName: profile, offsetName: offset) { progressBar.show(fraction: $0) }
        progressBar.finish()
        let format = ClipExportFormat(pathExtension: URL(fileURLWithPath: output).pathExtension) ?? .csv
        let bytes = format.exporter.export(clip, framesPerSecond: config.streaming.framesPerSecond)
        try OutputFile.write(bytes, to: output)
        print(
            "wrote \(clip.frameCount) frames × \(clip.channelCount) channels (\(String(format: "%.2f", wav.durationSeconds)) s of audio) to \(output)"
        )
    }
}
