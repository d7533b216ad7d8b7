import ArgumentParser

/// `audio2face bench`: load-test a server (default) or time the configured engine alone.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure capacity, speed and memory.",
        subcommands: [
            BenchLoadCommand.self, BenchEngineCommand.self, BenchPipelineCommand.self, BenchStormCommand.self,
            BenchORTMemoryCommand.self,
        ],
        defaultSubcommand: BenchLoadCommand.self)
}
