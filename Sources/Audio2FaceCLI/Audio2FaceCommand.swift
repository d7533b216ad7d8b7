import ArgumentParser

/// The `audio2face` command line: run the service, convert files, stream to a server, benchmark.
@main
struct Audio2FaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio2face",
        abstract: "Real-time speech to facial animation (ARKit-style blendshapes).",
        subcommands: [ServeCommand.self, ConvertCommand.self, StreamCommand.self, BenchCommand.self, FuzzCommand.self],
        defaultSubcommand: ServeCommand.self)
}
