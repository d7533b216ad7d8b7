import ArgumentParser
import Audio2Face
import Audio2FaceServer
import Foundation
import Logging

/// `audio2face convert`: turns a WAV file into an animation file offline, through the same pipeline the
/// service uses.
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a WAV file to a blendshape animation (CSV, JSON, or an HTML page to review it).")

    @Argument(help: "Input WAV file: 8/16/24/32-bit integer or 32/64-bit float, 8–48 kHz, 1–8 channels.")
    var input: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output file; the extension picks the format: .csv (Live Link Face), .json, or .html.",
            discussion: """
                .html writes one self-contained page to review the animation offline in a browser: the demo's \
                face and curves following the audio, which is embedded; nothing is loaded from the network. \
                The face draws ARKit profiles; for MMD profiles the page notes it and lists the strongest morphs.
                """))
    var output: String?

    @Option(help: "Postprocessing profile (default: the config's streaming.default_profile).")
    var profile: String = ""

    @Option(help: "Emotion preset applied to the whole file, e.g. happiness_2.")
    var offset: String = ""

    @OptionGroup var configOptions: ConfigOptions

    @OptionGroup var liveOutputs: LiveOutputOptions

    @Flag(help: "Play the animation at real time to --vmc / --livelink, frame k at k/fps after the first.")
    var realtime = false

    /// The format the output file's extension picks; nil for an unknown one (refused by ``validate()``).
    private var outputFormat: ConvertOutputFormat? {
        output.flatMap { ConvertOutputFormat(pathExtension: URL(fileURLWithPath: $0).pathExtension) }
    }

    func validate() throws {
        if let output {
            guard outputFormat != nil else { throw ValidationError(Self.unknownFormatMessage(output)) }
        } else if !liveOutputs.isEnabled {
            throw ValidationError("give an output file (-o FILE), or --vmc / --livelink with --realtime")
        }
        if liveOutputs.isEnabled && !realtime {
            throw ValidationError("--vmc and --livelink play the animation at real time; add --realtime")
        }
        if realtime && !liveOutputs.isEnabled {
            throw ValidationError("--realtime plays to a live output; add --vmc HOST:PORT or --livelink HOST:PORT")
        }
    }

    func run() async throws {
        let wav = try WAVInput.read(input)
        let config = try configOptions.loadConfig()
        let logger = Logger(label: "audio2face.convert")
        let parts = try configOptions.makeParts(config, logger: logger)
        let bytesOfClip = try output.map { _ in try outputWriter(wav: wav, parts: parts) }
        let senders = try liveOutputs.makeSenders(framesPerSecond: parts.environment.streaming.framesPerSecond)
        let progressBar = ProgressBar(enabled: isatty(STDERR_FILENO) != 0 && wav.durationSeconds > 10)
        let clip = try await OfflineConverter(environment: parts.environment)
            .convert(wav, profileName: profile, offsetName: offset) { progressBar.show(fraction: $0) }
        progressBar.finish()
        if let output, let bytesOfClip {
            try OutputFile.write(bytesOfClip(clip), to: output)
            print(
                "wrote \(clip.frameCount) frames × \(clip.channelCount) channels (\(String(format: "%.2f", wav.durationSeconds)) s of audio) to \(output)"
            )
        }
        if !senders.isEmpty {
            print("playing \(clip.frameCount) frames at real time (\(String(format: "%.2f", wav.durationSeconds)) s)")
            try await withLiveOutputs(senders) { feed in
                feed(.started(channelNames: clip.channelNames))
                feed(.frames(clip))
                feed(.ended)
            }
        }
    }

    /// What turns the finished clip into the output file's bytes. The review page's demo files are read
    /// here, before any work, so that a missing demo folder fails at once.
    private func outputWriter(wav: WAVFile, parts: ServiceParts) throws -> (FaceClip) -> [UInt8] {
        let framesPerSecond = parts.environment.streaming.framesPerSecond
        switch outputFormat {
        case .clip(let format):
            return { clip in format.exporter.export(clip, framesPerSecond: framesPerSecond) }
        case .reviewPage:
            let library = parts.environment.postprocess
            let scripts = try ReviewPageScripts(folder: ShippedAssets.demoFolder(assetsFolder: library.assetsFolder))
            let profileName = library.pipeline(forProfile: profile).pipeline.profileName
            let inputName = URL(fileURLWithPath: input).lastPathComponent
            return { [offset] clip in
                ReviewPage(
                    animationJSON: JSONClipExporter().export(clip, framesPerSecond: framesPerSecond), audio: wav,
                    scripts: scripts, drawsFace: BlendshapeNames.isARKit(clip.channelNames), inputName: inputName,
                    profileName: profileName, offsetName: offset, frameCount: clip.frameCount,
                    channelCount: clip.channelCount, framesPerSecond: framesPerSecond
                ).render()
            }
        case nil:
            throw ValidationError(Self.unknownFormatMessage(output ?? ""))
        }
    }

    private static func unknownFormatMessage(_ output: String) -> String {
        "cannot tell the format of '\(output)'; use a file name ending in "
            + ConvertOutputFormat.extensions.joined(separator: ", ")
    }
}
