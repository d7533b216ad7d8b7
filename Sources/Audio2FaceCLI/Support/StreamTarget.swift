import ArgumentParser
import Audio2Face
import Audio2FaceClient
import Foundation
import Logging
import NIOWebSocket
import NvidiaA2FProtocol
import WSCore

/// Where `stream` and `bench load` send recordings: the seed protocol over a WebSocket, or NVIDIA's
/// Audio2Face-3D API over gRPC. Both give the same report, so the commands measure and print them alike.
enum StreamTarget: Sendable, CustomStringConvertible {
    case webSocket(url: String)
    case nvidiaGRPC(GRPCAddress)

    /// The gRPC server at `grpc` (`HOST:PORT`) when given, else the WebSocket `url`.
    init(url: String, grpc: String?) throws {
        if let grpc {
            do {
                self = .nvidiaGRPC(try GRPCAddress(parsing: grpc))
            } catch {
                throw ValidationError("\(error)")
            }
        } else {
            self = .webSocket(url: url)
        }
    }

    var description: String {
        switch self {
        case .webSocket(let url): url
        case .nvidiaGRPC(let address): "grpc://\(address)"
        }
    }

    /// Refuses settings this transport cannot carry, naming the option.
    func check(_ settings: StreamSettings) throws {
        switch self {
        case .webSocket:
            if settings.apiKey != nil {
                throw ValidationError(
                    "--api-key is sent as gRPC metadata, with --grpc only; over the WebSocket put the key in the URL (?token=KEY)"
                )
            }
        case .nvidiaGRPC:
            if !settings.profileName.isEmpty {
                throw ValidationError(
                    "--profile cannot be sent over gRPC: NVIDIA's API names no profile, the server uses its grpc.profile"
                )
            }
            if !settings.offsetName.isEmpty {
                throw ValidationError(
                    "--offset cannot be sent over gRPC: NVIDIA's API sends emotions, not our emotion presets")
            }
        }
    }

    /// Streams `wav` with `settings` and reports what came back; never throws, a failure is in the
    /// attempt.
    func stream(_ wav: WAVFile, settings: StreamSettings) async -> StreamAttempt {
        let options = settings.clientOptions(for: wav.format)
        switch self {
        case .webSocket(let url):
            do {
                let result = try await StreamClient(options: options).stream(
                    wav, to: url, logger: Logger(label: "audio2face.stream"))
                return StreamAttempt(webSocket: result)
            } catch {
                return StreamAttempt(report: nil, failure: "cannot stream to \(url): \(error)")
            }
        case .nvidiaGRPC(let address):
            do {
                let result = try await NvidiaStreamClient(options: options, apiKey: settings.apiKey).stream(
                    wav, to: address)
                return StreamAttempt(nvidia: result, input: wav)
            } catch {
                return StreamAttempt(report: nil, failure: "cannot stream to \(address): \(error)")
            }
        }
    }
}

/// How one recording is sent, whatever the transport.
struct StreamSettings: Sendable {
    /// Names the stream in the server's log.
    var requestID = "client"
    /// Postprocessing profile to ask for (WebSocket only).
    var profileName = ""
    /// Emotion preset sent with the first audio (WebSocket only).
    var offsetName = ""
    /// Pace the audio at real time instead of sending it as fast as possible.
    var realtime = false
    /// Milliseconds of audio per message.
    var chunkMilliseconds = 40.0
    /// API key (gRPC only: metadata `authorization: Bearer KEY`).
    var apiKey: String?
    /// Called with each reply as it arrives (WebSocket only): feeds the live outputs.
    var onOutput: (@Sendable (StreamOutput) -> Void)?

    /// The client options for a recording in `format`.
    func clientOptions(for format: PCMFormat) -> StreamClient.Options {
        var options = StreamClient.Options()
        options.requestID = requestID
        options.profileName = profileName
        options.offsetName = offsetName
        options.realtime = realtime
        options.onOutput = onOutput
        options.setChunk(milliseconds: chunkMilliseconds, of: format)
        return options
    }
}

/// One streamed recording, whatever the transport: the report, why it did not complete (if it did not)
/// and the lines only its transport has to add.
struct StreamAttempt: Sendable {
    /// What came back with timings; for a failed stream, what arrived before the failure (if anything).
    var report: StreamClient.Report?
    /// Why the stream did not complete; nil when it did.
    var failure: String?
    /// Transport-specific lines for the printed report.
    var details: [String] = []
    /// Everything the gRPC call brought back (gRPC only).
    var nvidia: NvidiaStreamResult?

    init(report: StreamClient.Report?, failure: String?, details: [String] = []) {
        self.report = report
        self.failure = failure
        self.details = details
    }

    /// A WebSocket stream: complete when the end message came.
    init(webSocket result: StreamClient.ConnectionResult) {
        report = result.report
        let close = result.closeFrame
        if result.report?.messageKinds.last != "end" {
            failure =
                "the server closed the stream: \(close.map { "\($0.closeCode) \($0.reason ?? "")" } ?? "no reason")"
        } else if let close, close.closeCode != .normalClosure {
            details.append("closed with \(close.closeCode): \(close.reason ?? "")")
        }
    }

    /// A gRPC stream of `input`: complete when the event, SUCCESS and an OK call came.
    init(nvidia result: NvidiaStreamResult, input: WAVFile) {
        report = result.report
        failure = result.failure
        nvidia = result
        let echoed = result.echoedAudio.count
        let sameAudio = result.echoedAudio.elementsEqual(input.pcmBytes)
        details.append(
            "echoed audio: \(echoed) of \(input.pcmBytes.count) bytes\(sameAudio ? ", identical to the input" : ", differs from the input")"
        )
        for status in result.statuses where status.code != .success {
            details.append("status \(status.code): \(status.message)")
        }
    }
}
