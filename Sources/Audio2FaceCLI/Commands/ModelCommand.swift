import ArgumentParser

/// `audio2face model`: work with face model files.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Inspect face model files.", subcommands: [ModelCheckCommand.self])
}
