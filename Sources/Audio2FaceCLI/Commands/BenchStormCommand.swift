import ArgumentParser
import Audio2Face
import Foundation
import Synchronization

/// `audio2face bench storm`: a stream of hostile clients (garbage, oversized messages, bad formats,
/// wrong order, vanishing mid-stream) for soak runs; counts the close codes the server answered with.
struct BenchStormCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storm", abstract: "Run hostile clients against a server and check its close codes.")

    @Option(help: "WebSocket URL of the service.")
    var url = "ws://127.0.0.1:18083/api/v1/streaming_audio2face/ws"

    @Option(help: "How long to run, in seconds.")
    var seconds: Double = 60

    @Option(help: "Hostile clients at once.")
    var concurrency = 4

    @Option(help: "Pause of each hostile client between two runs, in milliseconds.")
    var pauseMs = 0

    @Option(help: "The server's max_message_bytes (the oversized message is one byte more).")
    var maxMessageBytes = 1 << 20

    func run() async throws {
        let tallies = StormTallies()
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1_000))
        let url = url
        let maxMessageBytes = maxMessageBytes
        let pause = Duration.milliseconds(pauseMs)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var turn = worker
                    while ContinuousClock.now < deadline {
                        if pause > .zero { try? await Task.sleep(for: pause) }
                        let behaviour = HostileBehaviour.allCases[turn % HostileBehaviour.allCases.count]
                        turn += 1
                        let outcome: String?
                        do {
                            let code = try await behaviour.run(url: url, maxMessageBytes: maxMessageBytes)
                            let wanted = behaviour.expectedCloseCode
                            outcome =
                                wanted == nil || code == wanted
                                ? nil : "closed with \(code.map { "\($0)" } ?? "nothing")"
                        } catch {
                            outcome = behaviour.expectedCloseCode == nil ? nil : "\(error)"
                        }
                        tallies.state.withLock { tallies in
                            tallies[behaviour, default: Tally()].runs += 1
                            if let outcome {
                                tallies[behaviour, default: Tally()].unexpected.append(outcome)
                            } else {
                                tallies[behaviour, default: Tally()].expected += 1
                            }
                        }
                    }
                }
            }
        }
        let result = tallies.state.withLock { $0 }
        var failures = 0
        for behaviour in HostileBehaviour.allCases {
            let tally = result[behaviour] ?? Tally()
            failures += tally.unexpected.count
            let examples = Set(tally.unexpected).prefix(3).joined(separator: "; ")
            print(
                "\(behaviour.rawValue): \(tally.runs) runs, \(tally.expected) answered as expected\(examples.isEmpty ? "" : ", unexpected: \(examples)")"
            )
        }
        print("hostile clients: \(result.values.map(\.runs).reduce(0, +)) runs, \(failures) unexpected answers")
        if failures > 0 { throw ExitCode.failure }
    }
}

/// What the storm's hostile clients got, per behaviour.
struct Tally: Sendable {
    var runs = 0
    var expected = 0
    var unexpected: [String] = []
}

/// The tallies shared by the storm's workers.
final class StormTallies: Sendable {
    let state = Mutex([HostileBehaviour: Tally]())
}
