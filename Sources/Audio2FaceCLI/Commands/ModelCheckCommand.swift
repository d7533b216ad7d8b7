import ArgumentParser
import Audio2Face
import Crypto
import Foundation

/// `audio2face model check FILE`: whether the UniTalker engine can run a model file, with the file's
/// size and SHA-256 (to compare with the published checksum) and the config to start the service with.
struct ModelCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that an ONNX file is a UniTalker model the engine can run (inputs, outputs, shapes, opset).")

    /// The shipped config for the UniTalker engine on the CPU, relative to the repository root.
    static let cpuConfigPath = "configs/unitalker-cpu.yaml"

    @Argument(help: "The .onnx file to check.")
    var file: String

    @Option(help: "ONNX Runtime shared library (default: A2F_ONNXRUNTIME_LIB, then .local/onnxruntime).")
    var onnxruntimeLibrary: String?

    func run() async throws {
        let url = URL(fileURLWithPath: file).standardizedFileURL
        let check = try UnitalkerModelCheck(
            modelAt: url, onnxruntimeLibrary: onnxruntimeLibrary,
            searchDirectories: [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)])
        let digest = try Self.sha256(of: url)
        print(Self.report(check, sha256: digest))
        guard check.passes else {
            throw ModelError.contractMismatch(
                path: url.path, expected: UnitalkerModelCheck.expectedDescription, problems: check.problems)
        }
        print(Self.startAdvice(for: url))
    }

    /// The facts of `check`, one per line.
    static func report(_ check: UnitalkerModelCheck, sha256: String) -> String {
        let mebibytes = Double(check.byteCount) / 1_048_576
        let operatorSets = check.header.operatorSets.map(\.description).joined(separator: ", ")
        return [
            "model:    \(check.modelURL.path)",
            "size:     \(check.byteCount) bytes (\(String(format: "%.1f", mebibytes)) MiB)",
            "sha256:   \(sha256)",
            "format:   ONNX IR version \(check.header.irVersion), opset \(operatorSets.isEmpty ? "none" : operatorSets)"
                + (check.header.producer.isEmpty ? "" : ", exported by \(check.header.producer)"),
            "runtime:  \(check.runtimeDescription)",
            "inputs:   " + check.inputs.map(\.description).joined(separator: ", "),
            "outputs:  " + check.outputs.map(\.description).joined(separator: ", "),
            "contract: " + (check.passes ? "passes (the UniTalker engine can run this model)" : "FAILS"),
        ].joined(separator: "\n")
    }

    /// Which config serves the model, and what to change when it is not where that config looks.
    static func startAdvice(for url: URL) -> String {
        var lines = [
            "start:    audio2face serve --config \(cpuConfigPath)   (NVIDIA GPU: configs/unitalker-cuda.yaml)"
        ]
        if let expected = configuredModelURL(), expected.resolvingSymlinksInPath() != url.resolvingSymlinksInPath() {
            lines.append(
                "          first set engine.unitalker.model_path: \(url.path) in that config "
                    + "(it names \(expected.path))")
        }
        lines.append(
            "          clients of the reference service that send an empty profile_name: also set "
                + "streaming.default_profile: KQ-default")
        return lines.joined(separator: "\n")
    }

    /// The model file the shipped CPU config names, when that config is in the working directory.
    static func configuredModelURL() -> URL? {
        guard let config = try? ServiceConfig.load(fromFile: cpuConfigPath) else { return nil }
        let path = config.engine.unitalker.modelPath
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return (path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path))
            .standardizedFileURL
    }

    /// Hex SHA-256 of the file, read in 4 MiB pieces.
    static func sha256(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let piece = try handle.read(upToCount: 4 << 20), !piece.isEmpty {
            hasher.update(data: piece)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
