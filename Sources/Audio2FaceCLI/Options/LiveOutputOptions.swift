import ArgumentParser
import Audio2Face
import Foundation

/// The `--vmc` and `--livelink` options: send the frames of a stream, as they come, to a VTuber app
/// (VMC protocol) or to Unreal (Live Link Face) over UDP, paced at their frame times.
struct LiveOutputOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Send the frames to a VMC receiver (VSeeFace, Warudo, VNyan) at HOST:PORT, e.g. 127.0.0.1:39539.",
            valueName: "host:port"))
    var vmc: String?

    @Option(
        help: ArgumentHelp(
            "Send the frames as Live Link Face packets to Unreal at HOST:PORT, e.g. 127.0.0.1:11111.",
            valueName: "host:port"))
    var livelink: String?

    @Option(help: "Subject name Unreal shows for the Live Link Face source.")
    var livelinkSubject = "Audio2Face"

    /// Whether any live output was asked for.
    var isEnabled: Bool { vmc != nil || livelink != nil }

    func validate() throws {
        _ = try targets()
    }

    /// The requested outputs with their parsed addresses.
    private func targets() throws -> [(kind: LiveOutputKind, address: GRPCAddress)] {
        var targets: [(kind: LiveOutputKind, address: GRPCAddress)] = []
        for (kind, option, text) in [(LiveOutputKind.vmc, "--vmc", vmc), (.livelink, "--livelink", livelink)] {
            guard let text else { continue }
            do {
                targets.append((kind, try GRPCAddress(parsing: text, option: option)))
            } catch {
                throw ValidationError(error.description)
            }
        }
        return targets
    }

    /// Opens a sender per requested output for frames at `framesPerSecond`, each with the label its
    /// summary line starts with (`vmc 127.0.0.1:39539`).
    func makeSenders(framesPerSecond: Double) throws -> [(label: String, sender: LiveOutputSender)] {
        try targets().map { kind, address in
            let socket: UDPDatagramSocket
            do {
                socket = try UDPDatagramSocket(host: address.host, port: address.port)
            } catch {
                throw CommandFailure("\(error)")
            }
            let sender = LiveOutputSender(
                socket: socket, framesPerSecond: framesPerSecond,
                makeEncoder: kind.encoderFactory(subjectName: livelinkSubject, framesPerSecond: framesPerSecond))
            return ("\(kind.rawValue) \(address)", sender)
        }
    }
}

/// Runs `body` with `senders` sending on their own tasks: `body` gets the function that feeds every sender
/// each output as it comes; when `body` returns, the senders finish the frames fed (at their frame times)
/// and a summary line per sender is printed.
func withLiveOutputs<Result: Sendable>(
    _ senders: [(label: String, sender: LiveOutputSender)],
    _ body: (_ feed: @escaping @Sendable (StreamOutput) -> Void) async throws -> Result
) async throws -> Result {
    let feed: @Sendable (StreamOutput) -> Void = { output in
        for (_, sender) in senders { sender.feed.yield(output) }
    }
    return try await withThrowingTaskGroup(of: Void.self) { group in
        for (_, sender) in senders {
            group.addTask { await sender.run(clock: ContinuousClock()) }
        }
        let result: Result
        do {
            result = try await body(feed)
        } catch {
            group.cancelAll()
            throw error
        }
        for (_, sender) in senders { sender.feed.finish() }
        try await group.waitForAll()
        for (label, sender) in senders {
            print("\(label): sent \(sender.counts.sent) frames, dropped \(sender.counts.dropped)")
        }
        return result
    }
}
