import ArgumentParser
import Audio2Face
import Audio2FaceClient
import Foundation

/// `audio2face stream`: sends a WAV file to a running service (ours or the reference one) over the
/// seed protocol's WebSocket or NVIDIA's Audio2Face-3D gRPC API, and reports first-frame latency and
/// frame count.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream", abstract: "Stream a WAV file to a server and report what comes back.")

    @Argument(help: "Input WAV file: 8/16/24/32-bit integer or 32/64-bit float (float is sent as 16-bit).")
    var input: String

    @Option(help: "WebSocket URL of the service.")
    var url = "ws://127.0.0.1:18083/api/v1/streaming_audio2face/ws"

    @Option(help: "HOST:PORT of NVIDIA's Audio2Face-3D gRPC API to stream to instead of the WebSocket.")
    var grpc: String?

    @Option(help: "API key, sent as the gRPC metadata 'authorization: Bearer KEY' (with --grpc).")
    var apiKey: String?

    @Flag(help: "Send chunks at real-time pace, like a live microphone.")
    var realtime = false

    @Option(help: "Milliseconds of audio per message.")
    var chunkMs: Double = 40

    @Option(help: "Postprocessing profile to ask for (WebSocket only).")
    var profile = ""

    @Option(help: "Emotion preset to ask for, e.g. happiness_2 (WebSocket only).")
    var offset = ""

    @Option(name: .shortAndLong, help: "Write the received frames to this .csv or .json file.")
    var output: String?

    @OptionGroup var liveOutputs: LiveOutputOptions

    @Option(help: "Frame rate of the server's frames (its streaming.frames_per_second): paces --vmc and --livelink.")
    var frameRate: Double = 30

    func validate() throws {
        guard chunkMs > 0 else { throw ValidationError("--chunk-ms must be positive") }
        if let output, ClipExportFormat(pathExtension: URL(fileURLWithPath: output).pathExtension) == nil {
            throw ValidationError("cannot tell the format of '\(output)'; use a .csv or .json file name")
        }
        try StreamTarget(url: url, grpc: grpc).check(settings)
        guard frameRate > 0 else { throw ValidationError("--frame-rate must be positive") }
        if liveOutputs.isEnabled && grpc != nil {
            throw ValidationError("--vmc and --livelink forward WebSocket streams; leave out --grpc to use them")
        }
    }

    private var settings: StreamSettings {
        StreamSettings(
            requestID: URL(fileURLWithPath: input).lastPathComponent, profileName: profile, offsetName: offset,
            realtime: realtime, chunkMilliseconds: chunkMs, apiKey: apiKey)
    }

    func run() async throws {
        let wav = try WAVInput.read(input)
        let target = try StreamTarget(url: url, grpc: grpc)
        let senders = try liveOutputs.makeSenders(framesPerSecond: frameRate)
        let attempt = try await withLiveOutputs(senders) { feed in
            var settings = settings
            if !senders.isEmpty { settings.onOutput = feed }
            return await target.stream(wav, settings: settings)
        }
        guard let report = attempt.report, attempt.failure == nil else {
            throw CommandFailure(attempt.failure ?? "cannot stream to \(target)")
        }
        let frames = report.frames?.frameCount ?? 0
        print("frames received: \(frames) for \(String(format: "%.3f", wav.durationSeconds)) s of audio")
        if let first = report.firstFrameSeconds {
            print("first-frame latency: \(String(format: "%.1f", first * 1_000)) ms after the first byte sent")
        }
        if let endSent = report.endSentSeconds, let endReceived = report.endReceivedSeconds {
            print("end answered \(String(format: "%.1f", (endReceived - endSent) * 1_000)) ms after the end message")
        }
        for line in attempt.details { print(line) }
        if let output, let clip = report.frames {
            let format = ClipExportFormat(pathExtension: URL(fileURLWithPath: output).pathExtension) ?? .csv
            let fps = Double(frames) / max(wav.durationSeconds, 1e-9)
            try OutputFile.write(format.exporter.export(clip, framesPerSecond: fps.rounded()), to: output)
            print("wrote \(output)")
        }
    }
}
