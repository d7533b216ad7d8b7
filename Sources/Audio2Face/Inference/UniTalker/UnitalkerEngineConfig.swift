/// Settings of the UniTalker ONNX engine (YAML section `engine.unitalker`).
public struct UnitalkerEngineConfig: Codable, Sendable, Equatable {
    /// The UniTalker ONNX file; a relative path is resolved against the engine's base directory.
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
    /// `cpu` or `cuda`.
    public var executionProvider: String = "cpu"
    /// When the configured provider cannot be enabled: true runs on the CPU instead, false refuses to
    /// start.
    public var allowCPUFallback: Bool = false
    /// ORT graph optimisation: `disabled`, `basic`, `extended`, `layout` or `all`.
    public var graphOptimization: String = "all"
    /// The CUDA device to use when `executionProvider` is `cuda`.
    public var cudaDeviceID: Int = 0

    /// Providers this engine knows.
    public static let executionProviders = ["cpu", "cuda"]
    /// Graph optimisation levels, weakest first.
    public static let graphOptimizationLevels = ["disabled", "basic", "extended", "layout", "all"]

    /// The defaults: the reference model file, CPU, neutral style, 0.5 s of context.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case modelPath = "model_path"
        case onnxruntimeLibrary = "onnxruntime_library"
        case emoID = "emo_id"
        case contextSeconds = "context_seconds"
        case intraOpThreads = "intra_op_threads"
        case parallelRuns = "parallel_runs"
        case executionProvider = "execution_provider"
        case allowCPUFallback = "allow_cpu_fallback"
        case graphOptimization = "graph_optimization"
        case cudaDeviceID = "cuda_device_id"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        modelPath = try container.decode(.modelPath, default: defaults.modelPath)
        onnxruntimeLibrary = try container.decodeIfPresent(String.self, forKey: .onnxruntimeLibrary)
        emoID = try container.decode(.emoID, default: defaults.emoID)
        contextSeconds = try container.decode(.contextSeconds, default: defaults.contextSeconds)
        intraOpThreads = try container.decode(.intraOpThreads, default: defaults.intraOpThreads)
        parallelRuns = try container.decode(.parallelRuns, default: defaults.parallelRuns)
        executionProvider = try container.decode(.executionProvider, default: defaults.executionProvider)
        allowCPUFallback = try container.decode(.allowCPUFallback, default: defaults.allowCPUFallback)
        graphOptimization = try container.decode(.graphOptimization, default: defaults.graphOptimization)
        cudaDeviceID = try container.decode(.cudaDeviceID, default: defaults.cudaDeviceID)
    }

    /// Checks every field; `keyPrefix` is this section's dotted path (`engine.unitalker`).
    public func validate(keyPrefix: String) throws(ConfigError) {
        guard !modelPath.isEmpty else {
            throw .invalidValue(
                key: "\(keyPrefix).model_path", message: "is empty; set it to the UniTalker .onnx file")
        }
        if let onnxruntimeLibrary, onnxruntimeLibrary.isEmpty {
            throw .invalidValue(
                key: "\(keyPrefix).onnxruntime_library",
                message: "is empty; leave it out to search for the library, or name a libonnxruntime.so file")
        }
        try requireValue(emoID, in: 0...Int(Int32.max), key: "\(keyPrefix).emo_id")
        try requireValue(contextSeconds, in: 0...10, key: "\(keyPrefix).context_seconds")
        try requireValue(intraOpThreads, in: 0...256, key: "\(keyPrefix).intra_op_threads")
        try requireValue(parallelRuns, in: 0...256, key: "\(keyPrefix).parallel_runs")
        try requireValue(cudaDeviceID, in: 0...64, key: "\(keyPrefix).cuda_device_id")
        guard Self.executionProviders.contains(executionProvider) else {
            throw .invalidValue(
                key: "\(keyPrefix).execution_provider",
                message: "'\(executionProvider)' is not supported; use \(Self.executionProviders.joined(separator: " or "))")
        }
        guard Self.graphOptimizationLevels.contains(graphOptimization) else {
            throw .invalidValue(
                key: "\(keyPrefix).graph_optimization",
                message: "'\(graphOptimization)' is not a level; use one of "
                    + Self.graphOptimizationLevels.joined(separator: ", "))
        }
    }
}
