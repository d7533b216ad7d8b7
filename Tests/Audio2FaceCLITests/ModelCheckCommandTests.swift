import Audio2FaceTestSupport
import Foundation
import Testing

/// `audio2face model check` and `scripts/fetch-unitalker-model.sh`, run as a user would, on the committed
/// tiny UniTalker model (the real download is not reachable from the test machine; a file:// URL stands in).
@Suite(.serialized) struct ModelCheckCommandTests {
    static let fixtures = TestRepository.url("Tests/OnnxRuntimeTests/Fixtures")
    static let tinyModel = fixtures.appendingPathComponent("unitalker-tiny.onnx")

    /// What a finished process printed.
    struct Finished {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `executable arguments…` in the repository root with `environment` added, to completion.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Finished {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("model-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = TestRepository.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Finished(
            status: process.terminationStatus,
            output: try String(contentsOf: outURL, encoding: .utf8),
            errors: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// `audio2face model check <file>`.
    static func check(_ file: URL) throws -> Finished {
        try run(try ServerProcess.executable(), ["model", "check", file.path])
    }

    /// The file's SHA-256 as `sha256sum` (coreutils) computes it.
    static func sha256sum(_ file: URL) throws -> String {
        let result = try run(URL(fileURLWithPath: "/usr/bin/env"), ["sha256sum", file.path])
        try #require(result.status == 0, "sha256sum failed: \(result.errors)")
        return String(result.output.prefix(64))
    }

    /// A fresh folder for downloads; the caller removes it.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a UniTalker model passes, with its size, SHA-256, opset, inputs, outputs and the config to start")
    func passingModel() throws {
        let result = try Self.check(Self.tinyModel)
        #expect(result.status == 0, "\(result.errors)")
        let size = try #require(
            try FileManager.default.attributesOfItem(atPath: Self.tinyModel.path)[.size] as? NSNumber)
        #expect(result.output.contains("size:     \(size.intValue) bytes"))
        #expect(result.output.contains("sha256:   \(try Self.sha256sum(Self.tinyModel))"))
        #expect(result.output.contains("opset ai.onnx "))
        #expect(result.output.contains("inputs:   audio float32 [1,?]"))
        #expect(result.output.contains("[1,?,51]"))
        #expect(result.output.contains("contract: passes"))
        #expect(result.output.contains("audio2face serve --config configs/unitalker-cpu.yaml"))
        #expect(result.output.contains("engine.unitalker.model_path: \(Self.tinyModel.path) in that config (it names "))
    }

    @Test(
        "a model that breaks the contract fails, naming what differs",
        arguments: [("unitalker-tiny-width52.onnx", "[1,T,51]"), ("unitalker-tiny-bad-input.onnx", "input '")])
    func contractMismatch(file: String, detail: String) throws {
        let result = try Self.check(Self.fixtures.appendingPathComponent(file))
        #expect(result.status != 0)
        #expect(result.output.contains("contract: FAILS"))
        #expect(result.errors.contains("is not a UniTalker model this engine can run"))
        #expect(result.errors.contains(detail), "\(result.errors)")
        #expect(!result.output.contains("audio2face serve"))
    }

    @Test("a file that is not ONNX (an HTML error page, a cut-short download) fails before ORT loads it")
    func notOnnx() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("page.onnx")
        try Data("<!DOCTYPE html><html><body>Not Found</body></html>\n".utf8).write(to: html)
        let cut = folder.appendingPathComponent("cut.onnx")
        try Data(try Data(contentsOf: Self.tinyModel).prefix(20_000)).write(to: cut)
        for file in [html, cut] {
            let result = try Self.check(file)
            #expect(result.status != 0)
            #expect(result.errors.contains("not an ONNX model file"), "\(file.lastPathComponent): \(result.errors)")
        }
        let missing = try Self.check(folder.appendingPathComponent("absent.onnx"))
        #expect(missing.status != 0 && missing.errors.contains("does not exist"))
    }

    @Test("fetch-unitalker-model.sh downloads (resuming a partial file), checks and reports the model")
    func fetchScript() throws {
        let script = TestRepository.url("scripts/fetch-unitalker-model.sh")
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = [
            "A2F_UNITALKER_URL": Self.tinyModel.absoluteString,
            "AUDIO2FACE": try ServerProcess.executable().path,
        ]
        let original = try Data(contentsOf: Self.tinyModel)

        // A first attempt that stopped after 30 000 bytes.
        let destination = folder.appendingPathComponent("unitalker_v0.4.0_base.onnx")
        try original.prefix(30_000).write(to: folder.appendingPathComponent("unitalker_v0.4.0_base.onnx.part"))
        let fetched = try Self.run(script, [folder.path], environment: environment)
        #expect(fetched.status == 0, "\(fetched.errors)")
        #expect(fetched.errors.contains("resuming"))
        #expect(try Data(contentsOf: destination) == original)
        #expect(!FileManager.default.fileExists(atPath: destination.path + ".part"))
        #expect(fetched.output.contains("sha256:   \(try Self.sha256sum(Self.tinyModel))"))
        #expect(fetched.output.contains("contract: passes"))
        #expect(fetched.output.contains("configs/unitalker-cpu.yaml"))

        // Present already: only checked.
        let again = try Self.run(script, [destination.path], environment: environment)
        #expect(again.status == 0)
        #expect(again.errors.contains("already there"))

        // A URL that does not answer: a failure that says how to resume.
        let missing = try Self.run(
            script, [folder.appendingPathComponent("other.onnx").path],
            environment: environment.merging(["A2F_UNITALKER_URL": "file:///nonexistent/model.onnx"]) { $1 })
        #expect(missing.status != 0)
        #expect(missing.errors.contains("download from file:///nonexistent/model.onnx failed"))

        // A download that is not a model the engine can run.
        let wrong = try Self.run(
            script, [folder.appendingPathComponent("wide.onnx").path],
            environment: environment.merging([
                "A2F_UNITALKER_URL": Self.fixtures.appendingPathComponent("unitalker-tiny-width52.onnx").absoluteString
            ]) { $1 })
        #expect(wrong.status != 0)
        #expect(wrong.errors.contains("is not a model the UniTalker engine can run"))
    }
}
