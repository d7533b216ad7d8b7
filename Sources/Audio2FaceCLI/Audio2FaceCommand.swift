import ArgumentParser
import Foundation

/// The `audio2face` command line: run the service, convert files, stream to a server, benchmark, check models.
@main
struct Audio2FaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio2face",
        abstract: "Real-time speech to facial animation (ARKit-style blendshapes).",
        subcommands: [
            ServeCommand.self, ConvertCommand.self, StreamCommand.self, BenchCommand.self, FuzzCommand.self,
            ModelCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)

    /// Parses the arguments, where a mistake is answered with the usage text, then runs the command,
    /// where a failure is answered with one `error:` line on stderr and exit status 1.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try await asyncParseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let line = CommandFailure.reportLine(for: error) else { exit(withError: error) }
            FileHandle.standardError.write(Data((line + "\n").utf8))
            Foundation.exit(EXIT_FAILURE)
        }
    }
}
