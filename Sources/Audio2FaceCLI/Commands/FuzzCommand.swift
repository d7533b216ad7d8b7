import ArgumentParser
import Audio2Face
import Audio2FaceServer
import Foundation
import Logging

/// `audio2face fuzz`: feeds generated inputs to the wire decoder, the PCM decoder and the stream state
/// machine and reports every broken promise (see `FuzzTargets`).
struct FuzzCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz", abstract: "Fuzz the wire decoder, the PCM decoder and the stream state machine.")

    @Option(help: "Generated inputs per target.")
    var inputs = 100_000

    @Option(help: "Index of the first generated input (to replay one finding: --first N --inputs 1).")
    var first = 0

    @Option(help: "Seed; the same seed and index give the same input.")
    var seed: UInt64 = 1

    @Option(help: "Targets to fuzz: wire, pcm, session (comma-separated).")
    var target = "wire,pcm,session"

    @Option(help: "Corpus folder with <target>/*.bin inputs; findings are kept there.")
    var corpus = "Tests/Fuzz/corpus"

    @OptionGroup var configOptions: ConfigOptions

    func run() async throws {
        let targets = try target.split(separator: ",").map { name in
            guard let target = FuzzCorpus.Target(rawValue: String(name)) else {
                throw ValidationError("unknown target '\(name)'; use wire, pcm or session")
            }
            return target
        }
        let config = try configOptions.loadConfig()
        let parts = try configOptions.makeParts(config, logger: Logger(label: "audio2face.fuzz"))
        let runner = FuzzRunner(environment: parts.environment, seed: seed, corpusFolder: URL(fileURLWithPath: corpus))
        let clock = ContinuousClock()
        let began = clock.now
        let summary = try runner.run(targets: targets, inputs: inputs, first: first) { print($0) }
        for target in targets {
            print("\(target.rawValue): \(summary.inputsRun[target] ?? 0) inputs")
        }
        print("elapsed: \(String(format: "%.1f", (clock.now - began).seconds)) s, findings: \(summary.findings.count)")
        for finding in summary.findings.prefix(20) {
            print("finding: \(finding)")
            try runner.keep(finding)
        }
        if !summary.findings.isEmpty { throw ExitCode.failure }
    }
}
