import Audio2FaceTestSupport
import Foundation
import Logging
import Testing
import Yams

@testable import Audio2Face

@Suite struct ServiceConfigTests {
    @Test("an empty document gives the defaults")
    func defaults() throws {
        let config = try ServiceConfig.parse(yaml: "")
        #expect(config == ServiceConfig())
        #expect(config.server.port == 18_083)
        #expect(config.server.host == "127.0.0.1")
        #expect(config.streaming.responseChunkFrames == 10)
        #expect(config.streaming.dtype == .float16)
        #expect(config.streaming.segmentation.maxSegmentSeconds == 1.0)
        #expect(config.engine.kind == .builtin)
        #expect(config.logLevel == .info)
        #expect(config.logging.console.level == nil)
        #expect(try ServiceConfig.parse(yaml: "# only a comment\n") == ServiceConfig())
    }

    @Test("values override defaults, others keep theirs")
    func overrides() throws {
        let config = try ServiceConfig.parse(
            yaml: """
                server:
                  port: 9000
                streaming:
                  dtype: float32
                  segmentation:
                    max_segment_seconds: 0.4
                    min_segment_seconds: 0.2
                logging:
                  json: {enabled: true}
                """)
        #expect(config.server.port == 9_000)
        #expect(config.server.host == "127.0.0.1")
        #expect(config.streaming.dtype == .float32)
        #expect(config.streaming.segmentation.maxSegmentSeconds == 0.4)
        #expect(config.streaming.segmentation.hopSeconds == 0.005)
        #expect(config.logging.json.enabled && config.logging.json.path == "-")
        #expect(config.logging.file.path == "logs/audio2face.log")
    }

    @Test("a minimum segment longer than the maximum is refused, naming both")
    func inconsistentSegments() {
        #expect {
            _ = try ServiceConfig.parse(yaml: "streaming:\n  segmentation:\n    max_segment_seconds: 0.4\n")
        } throws: { error in
            guard case ConfigError.invalidValue(let key, let message) = error else { return false }
            return key == "streaming.segmentation.min_segment_seconds" && message.contains("max_segment_seconds")
        }
    }

    @Test("a default chunk above the largest allowed is refused, naming the key")
    func chunkAboveMaximum() {
        #expect {
            _ = try ServiceConfig.parse(yaml: "streaming:\n  max_response_chunk_n_frames: 5\n")
        } throws: { error in
            guard case ConfigError.invalidValue(let key, let message) = error else { return false }
            return key == "streaming.response_chunk_n_frames" && message.contains("max_response_chunk_n_frames (5)")
        }
    }

    @Test("an unknown key is an error naming its path and the known keys")
    func unknownKey() {
        #expect {
            _ = try ServiceConfig.parse(yaml: "streaming:\n  frame_per_second: 30\n")
        } throws: { error in
            guard case ConfigError.unknownKey(let key, let known) = error else { return false }
            return key == "streaming.frame_per_second" && known.contains("frames_per_second")
        }
        #expect(throws: ConfigError.unknownKey(key: "sever", known: ServiceConfig.fields.map(\.key))) {
            try ServiceConfig.parse(yaml: "sever:\n  port: 1\n")
        }
    }

    @Test("a key written twice is refused instead of the later one silently winning")
    func duplicateKey() {
        #expect {
            try ServiceConfig.parse(yaml: "server:\n  port: 1\n  port: 2\n", sourceName: "a2f.yaml")
        } throws: { error in
            guard case ConfigError.malformed(let path, _, let reason) = error else { return false }
            return path == "a2f.yaml" && reason.contains("duplicated key(s): 'port'")
        }
    }

    @Test("an out-of-range value names the key and the range")
    func badValue() {
        #expect(
            throws: ConfigError.invalidValue(
                key: "server.port", message: "70000 is outside the allowed range 0...65535")
        ) {
            try ServiceConfig.parse(yaml: "server:\n  port: 70000\n")
        }
    }

    @Test(
        "a value of the wrong type names the dotted key and what was expected",
        arguments: [
            (
                "streaming:\n  segmentation:\n    hop_seconds: fast\n", "streaming.segmentation.hop_seconds",
                "expected a finite number, got 'fast'"
            ),
            ("server:\n  port: 80.5\n", "server.port", "expected a whole number, got '80.5'"),
            ("server: 8080\n", "server", "expected a mapping with the keys host, port"),
            ("auth:\n  enabled: maybe\n", "auth.enabled", "expected true or false, got 'maybe'"),
            ("auth:\n  cors_allowed_origins: https://a.example\n", "auth.cors_allowed_origins", "expected a list"),
            ("logging:\n  file:\n    path:\n", "logging.file.path", "expected text"),
            ("postprocess:\n  blink_seed: -1\n", "postprocess.blink_seed", "expected a whole number from 0 to"),
            ("streaming:\n  frames_per_second: .nan\n", "streaming.frames_per_second", "expected a finite number"),
        ])
    func wrongType(yaml: String, key: String, message: String) {
        #expect {
            _ = try ServiceConfig.parse(yaml: yaml)
        } throws: { error in
            guard case ConfigError.invalidValue(let badKey, let actual) = error else { return false }
            return badKey == key && actual.contains(message)
        }
    }

    @Test(
        "an enum value outside its set is refused with the allowed values",
        arguments: [
            (
                "streaming:\n  dtype: float64\n", "streaming.dtype",
                "'float64' is not allowed; use one of: float16, float32"
            ),
            ("engine:\n  kind: onnx\n", "engine.kind", "'onnx' is not allowed; use one of: builtin, unitalker"),
            (
                "log_level: verbose\n", "log_level",
                "'verbose' is not allowed; use one of: trace, debug, info, notice, warning, error, critical"
            ),
            (
                "logging:\n  cloudwatch:\n    level: loud\n", "logging.cloudwatch.level",
                "'loud' is not allowed; use one of: trace, debug, info, notice, warning, error, critical"
            ),
            ("log_level: \"\"\n", "log_level", "'' is not allowed; use one of: trace,"),
        ])
    func badEnum(yaml: String, key: String, message: String) {
        #expect {
            _ = try ServiceConfig.parse(yaml: yaml)
        } throws: { error in
            guard case ConfigError.invalidValue(let badKey, let actual) = error else { return false }
            return badKey == key && actual.hasPrefix(message)
        }
    }

    @Test("log levels are typed: a destination's empty level inherits log_level")
    func logLevels() throws {
        let config = try ServiceConfig.parse(
            yaml: """
                log_level: warning
                logging:
                  console: {level: ""}
                  file: {level: debug}
                  json: {level: null}
                """)
        #expect(config.logLevel == .warning)
        #expect(config.logging.console.level == nil)
        #expect(config.logging.file.level == .debug)
        #expect(config.logging.json.level == nil)
    }

    @Test("relative paths in a config file resolve against the file's folder; absolute ones and '-' stay")
    func relativePaths() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("a2f-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("service.yaml")
        try """
        engine:
          unitalker: {model_path: ../weights/m.onnx}
        postprocess: {assets_dir: my-assets}
        auth: {keys_file: keys.txt}
        logging:
          file: {path: logs/a2f.log}
          json: {path: "-"}
        """.write(to: file, atomically: true, encoding: .utf8)
        let config = try ServiceConfig.load(fromFile: file.path)
        let base = folder.standardizedFileURL
        #expect(
            config.engine.unitalker.modelPath
                == base.deletingLastPathComponent().appendingPathComponent("weights/m.onnx").path)
        #expect(config.postprocess.assetsDirectory == base.appendingPathComponent("my-assets").path)
        #expect(config.auth.keysFile == base.appendingPathComponent("keys.txt").path)
        #expect(config.logging.file.path == base.appendingPathComponent("logs/a2f.log").path)
        #expect(config.logging.json.path == "-")
        let kept = try ServiceConfig.parse(
            yaml: "postprocess: {assets_dir: /opt/a2f/assets}\n", relativePathsFrom: base)
        #expect(kept.postprocess.assetsDirectory == "/opt/a2f/assets")
        #expect(kept.postprocess.modules == PostprocessConfig.defaultModules)
    }

    @Test(
        "the shipped configs load and validate",
        arguments: ["default.yaml", "unitalker-cpu.yaml", "unitalker-cuda.yaml", "unitalker-reference.yaml"])
    func shippedConfigs(file: String) throws {
        let path = TestRepository.root.appendingPathComponent("configs").appendingPathComponent(file).path
        _ = try ServiceConfig.load(fromFile: path)
    }
}

/// configs/default.yaml is the reference of every key: each key the code declares is written there with
/// its default value, and the file has no key the code does not know.
@Suite struct DefaultConfigFileTests {
    static let text: String = {
        (try? String(contentsOf: TestRepository.url("configs/default.yaml"), encoding: .utf8)) ?? ""
    }()

    @Test("configs/default.yaml decodes to exactly the built-in defaults (so it has no unknown key)")
    func valuesAreTheDefaults() throws {
        #expect(!Self.text.isEmpty)
        #expect(try ServiceConfig.parse(yaml: Self.text, sourceName: "configs/default.yaml") == ServiceConfig())
    }

    @Test("every key the code declares is written in configs/default.yaml")
    func everyKeyIsWritten() throws {
        let root = try #require(try Yams.compose(yaml: Self.text))
        let declared = ServiceConfig.declaredKeys(under: "")
        #expect(declared.contains("streaming.segmentation.hop_seconds"))
        #expect(declared.contains("logging.cloudwatch.max_queued_events"))
        #expect(declared.contains("engine.unitalker.cuda_device_id"))
        let missing = declared.filter { key in node(at: key, in: root) == nil }
        #expect(missing.isEmpty, "keys missing from configs/default.yaml: \(missing.joined(separator: ", "))")
    }

    @Test("every module in configs/default.yaml spells out all of its type's parameters")
    func everyModuleParameterIsWritten() throws {
        let root = try #require(try Yams.compose(yaml: Self.text))
        let modules = try #require(node(at: "postprocess.modules", in: root)?.mapping)
        #expect(!modules.isEmpty)
        for (nameNode, module) in modules {
            let typeName = try #require(module.mapping?["type"]?.string)
            let type = try #require(PostprocessorRegistry.parameterType(named: typeName))
            let written = Set(module.mapping?.keys.compactMap(\.string) ?? [])
            let missing = type.declaredKeys(under: "").filter { !written.contains($0) }
            #expect(missing.isEmpty, "module \(nameNode.string ?? "?") lacks \(missing.joined(separator: ", "))")
        }
    }

    /// The node at a dotted key, if the document has it.
    private func node(at key: String, in root: Node) -> Node? {
        var node: Node? = root
        for part in key.split(separator: ".") {
            node = node?.mapping?[String(part)]
        }
        return node
    }
}
