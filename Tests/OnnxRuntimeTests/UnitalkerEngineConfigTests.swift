import Foundation
import Testing

@testable import Audio2Face

@Suite("UnitalkerEngineConfig")
struct UnitalkerEngineConfigTests {
    private func decode(_ json: String) throws -> UnitalkerEngineConfig {
        try JSONDecoder().decode(UnitalkerEngineConfig.self, from: Data(json.utf8))
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
        #expect(config.executionProvider == "cpu" && !config.allowCPUFallback)
        #expect(config.graphOptimization == "all")
        try config.validate(keyPrefix: "engine.unitalker")
    }

    @Test("every key is read")
    func allKeys() throws {
        let config = try decode("""
            {"model_path": "m.onnx", "onnxruntime_library": "/opt/ort/libonnxruntime.so", "emo_id": 3,
             "context_seconds": 0, "intra_op_threads": 2, "parallel_runs": 1, "execution_provider": "cuda",
             "allow_cpu_fallback": true, "graph_optimization": "basic", "cuda_device_id": 1}
            """)
        #expect(config.modelPath == "m.onnx")
        #expect(config.onnxruntimeLibrary == "/opt/ort/libonnxruntime.so")
        #expect(config.emoID == 3 && config.contextSeconds == 0)
        #expect(config.intraOpThreads == 2 && config.parallelRuns == 1)
        #expect(config.executionProvider == "cuda" && config.allowCPUFallback && config.cudaDeviceID == 1)
        #expect(config.graphOptimization == "basic")
        let roundTrip = try JSONDecoder().decode(UnitalkerEngineConfig.self, from: JSONEncoder().encode(config))
        #expect(roundTrip == config)
    }

    @Test("an unknown key is rejected")
    func unknownKey() {
        #expect(throws: (any Error).self) { try decode(#"{"context_second": 1}"#) }
    }

    @Test("bad values name the key and the allowed values", arguments: [
        (#"{"execution_provider": "gpu"}"#, "engine.unitalker.execution_provider", "use cpu or cuda"),
        (#"{"graph_optimization": "max"}"#, "engine.unitalker.graph_optimization", "all"),
        (#"{"context_seconds": -1}"#, "engine.unitalker.context_seconds", "outside"),
        (#"{"emo_id": -2}"#, "engine.unitalker.emo_id", "outside"),
        (#"{"intra_op_threads": 1000}"#, "engine.unitalker.intra_op_threads", "outside"),
        (#"{"model_path": ""}"#, "engine.unitalker.model_path", "empty"),
    ])
    func invalidValues(json: String, key: String, hint: String) throws {
        let config = try decode(json)
        #expect {
            try config.validate(keyPrefix: "engine.unitalker")
        } throws: { error in
            guard case ConfigError.invalidValue(let badKey, let message) = error else { return false }
            return badKey == key && message.contains(hint)
        }
    }

    @Test("the thread plan never runs more threads than cores", arguments: [
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
        #expect(UnitalkerEngine.threadPlan(
            intraOpThreads: intra, parallelRuns: parallel, layout: .sessionPerRun, cores: cores).layout == .sessionPerRun)
    }
}
