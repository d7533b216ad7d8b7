import ArgumentParser
import Audio2Face
import Foundation

/// `audio2face bench ort-memory`: loads and runs the UniTalker model many times and checks that resident
/// memory stays flat (the memory half of the ORT leak check).
struct BenchORTMemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ort-memory",
        abstract: "Check that loading and running the ONNX model many times does not grow memory.",
        discussion: """
            Resident memory is read after every tenth of each loop; the command exits non-zero when the \
            second half of either loop (after the allocators have warmed up) grows it by the limit or more. \
            The committed tiny model makes it quick: --model Tests/OnnxRuntimeTests/Fixtures/unitalker-tiny.onnx
            """)

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: "The UniTalker .onnx model (default: the config's engine.unitalker.model_path).")
    var model: String?

    @Option(help: "Engines to load and release, each running one 0.2 s segment.")
    var engines = 1_000

    @Option(help: "Ten-second runs of one engine.")
    var runs = 1_000

    @Option(help: "Most MiB the second half of the engine loop may add to resident memory.")
    var engineLimitMib = 16

    @Option(help: "Most MiB the second half of the run loop may add to resident memory.")
    var runLimitMib = 16

    @Option(help: "Write the result as JSON to this file.")
    var json: String?

    func validate() throws {
        guard engines > 0, runs > 0 else { throw ValidationError("--engines and --runs must be positive") }
        guard engineLimitMib > 0, runLimitMib > 0 else {
            throw ValidationError("--engine-limit-mib and --run-limit-mib must be positive")
        }
    }

    func run() async throws {
        let config = try configOptions.loadConfig()
        var unitalker = config.engine.unitalker
        if let model { unitalker.modelPath = URL(fileURLWithPath: model).path }
        let baseDirectory =
            configOptions.config.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let benchmark = ORTMemoryBenchmark(
            config: unitalker, baseDirectory: baseDirectory, framesPerSecond: config.streaming.framesPerSecond)
        let mebibyte = 1 << 20
        let phases = [
            try await benchmark.engineCycles(engines, limitBytes: engineLimitMib * mebibyte),
            try await benchmark.runs(runs, limitBytes: runLimitMib * mebibyte),
        ]
        func mib(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / Double(mebibyte)) }
        for phase in phases {
            let samples = phase.residentSamples
            print(
                "\(phase.passed ? "PASS" : "FAIL") \(phase.name) × \(phase.iterations): RSS \(mib(samples[0])) → "
                    + "\(mib(samples[samples.count / 2])) at half → \(mib(samples[samples.count - 1])) MiB; second half "
                    + "\(phase.secondHalfGrowthBytes >= 0 ? "+" : "")\(mib(phase.secondHalfGrowthBytes)) MiB "
                    + "(limit \(phase.limitBytes / mebibyte) MiB)")
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(phases).write(to: URL(fileURLWithPath: json))
        }
        if phases.contains(where: { !$0.passed }) { throw ExitCode.failure }
    }
}
