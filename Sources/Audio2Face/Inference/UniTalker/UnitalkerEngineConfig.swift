/// Settings of the UniTalker ONNX engine (YAML section `engine.unitalker`).
public struct UnitalkerEngineConfig: ConfigSection, Sendable, Equatable {
    /// The ONNX Runtime providers this engine can run on.
    public enum ExecutionProvider: String, Sendable, CaseIterable, ConfigEnum {
        /// ORT's CPU provider.
        case cpu
        /// NVIDIA GPUs through ORT's CUDA provider (needs a GPU build of ONNX Runtime).
        case cuda
    }

    /// ORT graph optimisation levels, weakest first.
    public enum GraphOptimization: String, Sendable, CaseIterable, ConfigEnum {
        /// No graph rewriting.
        case disabled
        /// Constant folding and redundant node removal.
        case basic
        /// Basic plus node fusions.
        case extended
        /// Extended plus memory-layout optimisations.
        case layout
        /// Every optimisation ORT has.
        case all
    }

    /// The UniTalker ONNX file; a relative path is resolved against the config file's folder.
    public var modelPath: String = "weights/unitalker_v0.4.0_base.onnx"
    /// The ONNX Runtime library (`libonnxruntime.so…`) to load; nil searches `A2F_ONNXRUNTIME_LIB`, then
    /// `.local/onnxruntime` above the current and base directories (see docs/onnx-engine.md).
    public var onnxruntimeLibrary: String?
    /// The model's style index (`emo_id` input); the reference always uses 10 ("neutral").
    public var emoID: Int = 10
    /// Seconds of the previous audio run again in front of each segment so motion continues smoothly
    /// across segment boundaries (0 = each segment alone, as the reference does).
    public var contextSeconds: Double = 0.5
    /// Threads one inference may use (ORT intra-op threads); 0 chooses from the core count.
    public var intraOpThreads: Int = 0
    /// Inferences that may run at once (over all streams); 0 chooses from the core count.
    public var parallelRuns: Int = 0
    /// The provider the model runs on.
    public var executionProvider: ExecutionProvider = .cpu
    /// When the configured provider cannot be enabled: true runs on the CPU instead, false refuses to
    /// start.
    public var allowCPUFallback: Bool = false
    /// ORT graph optimisation.
    public var graphOptimization: GraphOptimization = .all
    /// The CUDA device to use when `executionProvider` is `cuda`.
    public var cudaDeviceID: Int = 0

    /// The defaults: the reference model file, CPU, neutral style, 0.5 s of context.
    public init() {}

    static var fields: [ConfigField<Self>] {
        [
            ConfigField(path: "model_path", \.modelPath, .notEmpty("set it to the UniTalker .onnx file")),
            ConfigField(path: "onnxruntime_library", \.onnxruntimeLibrary),
            ConfigField("emo_id", \.emoID, .range(0...Int(Int32.max))),
            ConfigField("context_seconds", \.contextSeconds, .range(0...10)),
            ConfigField("intra_op_threads", \.intraOpThreads, .range(0...256)),
            ConfigField("parallel_runs", \.parallelRuns, .range(0...256)),
            ConfigField("execution_provider", \.executionProvider),
            ConfigField("allow_cpu_fallback", \.allowCPUFallback),
            ConfigField("graph_optimization", \.graphOptimization),
            ConfigField("cuda_device_id", \.cudaDeviceID, .range(0...64)),
        ]
    }
}
