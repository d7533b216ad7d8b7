import Foundation
import Testing

@testable import Audio2Face

@Suite("UnitalkerEngineConfig")
struct UnitalkerEngineConfigTests {
    /// Reads and validates a YAML (or JSON) `engine.unitalker` section.
    private func decode(_ yaml: String) throws -> UnitalkerEngineConfig {
        try UnitalkerEngineConfig.decodeDocument(yaml: yaml, key: "engine.unitalker")
    }

    @Test("an empty section gives the defaults")
    func defaults() throws {
        let config = try decode("{}")
        #expect(config == UnitalkerEngineConfig())
        #expect(config.modelPath == "weights/unitalker_v0.4.0_base.onnx")
        #expect(config.onnxruntimeLibrary == nil)
        #expect(config.emoID == 10)
        #expect(config.contextSeconds == 0.5)
        #expect(config.intraOpThreads == 0 && config.parallelRuns == 0)
        #expect(config.executionProvider == .cpu && !config.allowCPUFallback)
        #expect(config.graphOptimization == .all)
        try config.validate(at: "engine.unitalker")
    }

    @Test("every key is read")
    func allKeys() throws {
        let config = try decode(
            """
            {"model_path": "m.onnx", "onnxruntime_library": "/opt/ort/libonnxruntime.so", "emo_id": 3,
             "context_seconds": 0, "intra_op_threads": 2, "parallel_runs": 1, "execution_provider": "cuda",
             "allow_cpu_fallback": true, "graph_optimization": "basic", "cuda_device_id": 1}
            """)
        #expect(config.modelPath == "m.onnx")
        #expect(config.onnxruntimeLibrary == "/opt/ort/libonnxruntime.so")
        #expect(config.emoID == 3 && config.contextSeconds == 0)
        #expect(config.intraOpThreads == 2 && config.parallelRuns == 1)
        #expect(config.executionProvider == .cuda && config.allowCPUFallback && config.cudaDeviceID == 1)
        #expect(config.graphOptimization == .basic)
        #expect(
            UnitalkerEngineConfig.declaredKeys(under: "") == [
                "model_path", "onnxruntime_library", "emo_id", "context_seconds", "intra_op_threads", "parallel_runs",
                "execution_provider", "allow_cpu_fallback", "graph_optimization", "cuda_device_id",
            ])
    }

    @Test("an unknown key is rejected, naming it and the known keys")
    func unknownKey() {
        #expect {
            try decode(#"{"context_second": 1}"#)
        } throws: { error in
            guard case ConfigError.unknownKey(let key, let known) = error else { return false }
            return key == "engine.unitalker.context_second" && known.contains("context_seconds")
        }
    }

    @Test("a relative model or runtime path resolves against the config file's folder; an empty runtime path searches")
    func relativePaths() throws {
        let folder = URL(fileURLWithPath: "/srv/a2f/configs")
        let config = try UnitalkerEngineConfig.decodeDocument(
            yaml: "model_path: ../weights/m.onnx\nonnxruntime_library: lib/libonnxruntime.so\n",
            relativePathsFrom: folder)
        #expect(config.modelPath == "/srv/a2f/weights/m.onnx")
        #expect(config.onnxruntimeLibrary == "/srv/a2f/configs/lib/libonnxruntime.so")
        let absolute = try UnitalkerEngineConfig.decodeDocument(
            yaml: "model_path: /models/m.onnx\nonnxruntime_library: \"\"\n", relativePathsFrom: folder)
        #expect(absolute.modelPath == "/models/m.onnx")
        #expect(absolute.onnxruntimeLibrary == nil)
    }

    @Test(
        "bad values name the key and the allowed values",
        arguments: [
            (#"{"execution_provider": "gpu"}"#, "engine.unitalker.execution_provider", "use one of: cpu, cuda"),
            (
                #"{"graph_optimization": "max"}"#, "engine.unitalker.graph_optimization",
                "use one of: disabled, basic, extended, layout, all"
            ),
            (#"{"context_seconds": -1}"#, "engine.unitalker.context_seconds", "outside"),
            (#"{"emo_id": -2}"#, "engine.unitalker.emo_id", "outside"),
            (#"{"intra_op_threads": 1000}"#, "engine.unitalker.intra_op_threads", "outside"),
            (#"{"model_path": ""}"#, "engine.unitalker.model_path", "empty"),
            (#"{"emo_id": "ten"}"#, "engine.unitalker.emo_id", "expected a whole number, got 'ten'"),
            (#"{"allow_cpu_fallback": 2}"#, "engine.unitalker.allow_cpu_fallback", "expected true or false"),
        ])
    func invalidValues(json: String, key: String, hint: String) throws {
        #expect {
            try decode(json)
        } throws: { error in
            guard case ConfigError.invalidValue(let badKey, let message) = error else { return false }
            return badKey == key && message.contains(hint)
        }
    }

    @Test(
        "the thread plan never runs more threads than cores",
        arguments: [
            (0, 0, 2, 1, 2), (0, 0, 1, 1, 1), (0, 0, 16, 1, 16), (1, 0, 2, 1, 2), (0, 2, 2, 1, 2),
            (2, 2, 2, 2, 1), (8, 8, 4, 4, 1), (1, 4, 16, 1, 4), (0, 5, 4, 1, 4), (4, 0, 16, 4, 4),
        ])
    func threadPlan(intra: Int, parallel: Int, cores: Int, wantIntra: Int, wantParallel: Int) {
        let plan = UnitalkerEngine.threadPlan(
            intraOpThreads: intra, parallelRuns: parallel, layout: .automatic, cores: cores)
        #expect(plan.intraOpThreads == wantIntra)
        #expect(plan.parallelRuns == wantParallel)
        #expect(plan.intraOpThreads * plan.parallelRuns <= cores)
        // One shared session unless several multi-threaded runs would contend for its thread pool.
        let shared = plan.parallelRuns == 1 || plan.intraOpThreads == 1
        #expect(plan.layout == (shared ? .sharedSession : .sessionPerRun))
        #expect(
            UnitalkerEngine.threadPlan(
                intraOpThreads: intra, parallelRuns: parallel, layout: .sessionPerRun, cores: cores
            ).layout == .sessionPerRun)
    }
}
