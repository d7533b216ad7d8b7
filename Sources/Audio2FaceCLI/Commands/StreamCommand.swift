import ArgumentParser
import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Foundation
import Logging
import NIOWebSocket
import WSCore

/// `audio2face stream`: sends a WAV file to a running service (ours or the reference one) and reports
/// first-frame latency and frame count.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream", abstract: "Stream a WAV file to a server and report what comes back.")

    @Argument(help: "Input WAV file: 8/16/24/32-bit integer or 32/64-bit float (float is sent as 16-bit).")
    var input: String

    @Option(help: "WebSocket URL of the service.")
    var url = "ws://127.0.0.1:18083/api/v1/streaming_audio2face/ws"

    @Flag(help: "Send chunks at real-time pace, like a live microphone.")
    var realtime = false

    @Option(help: "Milliseconds of audio per body message.")
    var chunkMs: Double = 40

    @Option(help: "Postprocessing profile to ask for.")
    var profile = ""

    @Option(help: "Emotion preset to ask for, e.g. happiness_2.")
    var offset = ""

    @Option(name: .shortAndLong, help: "Write the received frames to this .csv or .json file.")
    var output: String?

    func validate() throws {
        guard chunkMs > 0 else { throw ValidationError("--chunk-ms must be positive") }
        if let output, ClipExportFormat(pathExtension: URL(fileURLWithPath: output).pathExtension) == nil {
            throw ValidationError("cannot tell the format of '\(output)'; use a .csv or .json file name")
        }
    }

    func run() async throws {
        let wav = try WAVInput.read(input)
        var options = StreamClient.Options()
        options.requestID = URL(fileURLWithPath: input).lastPathComponent
        options.profileName = profile
        options.offsetName = offset
        options.realtime = realtime
        options.setChunk(milliseconds: chunkMs, of: wav.format)
        let result: StreamClient.ConnectionResult
        do {
            result = try await StreamClient(options: options).stream(
                wav, to: url, logger: Logger(label: "audio2face.stream"))
        } catch {
            throw CommandFailure("cannot stream to \(url): \(error)")
        }
        let closeFrame = result.closeFrame
        guard let report = result.report, report.messageKinds.last == "end" else {
            throw CommandFailure(
                "the server closed the stream: \(closeFrame.map { "\($0.closeCode) \($0.reason ?? "")" } ?? "no reason")"
            )
        }
        let frames = report.frames?.frameCount ?? 0
        print("frames received: \(frames) for \(String(format: "%.3f", wav.durationSeconds)) s of audio")
        if let first = report.firstFrameSeconds {
            print("first-frame latency: \(String(format: "%.1f", first * 1_000)) ms after the first byte sent")
        }
        if let endSent = report.endSentSeconds, let endReceived = report.endReceivedSeconds {
            print("end answered \(String(format: "%.1f", (endReceived - endSent) * 1_000)) ms after the end message")
        }
        if let closeFrame, closeFrame.closeCode != .normalClosure {
            print("closed with \(closeFrame.closeCode): \(closeFrame.reason ?? "")")
        }
        if let output, let clip = report.frames {
            let format = ClipExportFormat(pathExtension: URL(fileURLWithPath: output).pathExtension) ?? .csv
            let fps = Double(frames) / max(wav.durationSeconds, 1e-9)
            try OutputFile.write(format.exporter.export(clip, framesPerSecond: fps.rounded()), to: output)
            print("wrote \(output)")
        }
    }
}
