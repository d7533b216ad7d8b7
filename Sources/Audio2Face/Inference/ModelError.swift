/// A face model that cannot be loaded or run, with what to do about it.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// The model file does not exist; `configKey` is the setting that names it.
    case modelFileMissing(path: String, configKey: String)
    /// ONNX Runtime could not be loaded; `reason` says where it was looked for and how to install it.
    case runtimeUnavailable(reason: String)
    /// ORT could not read the file as a model (truncated, corrupt, not ONNX, unsupported IR version).
    case unreadableModel(path: String, reason: String)
    /// The model loads but its inputs or outputs differ from what the engine feeds and reads.
    case contractMismatch(path: String, expected: String, problems: [String])
    /// The configured execution provider cannot be enabled; `reason` is ORT's.
    case executionProviderUnavailable(provider: String, reason: String, configKey: String)
    /// A run failed; `reason` is ORT's message.
    case inferenceFailed(reason: String)
    /// A run succeeded but returned something the contract does not allow.
    case unexpectedOutput(reason: String)

    public var description: String {
        switch self {
        case .modelFileMissing(let path, let configKey):
            "model file not found: \(path); download the UniTalker ONNX model (unitalker_v0.4.0_base.onnx) "
                + "and set \(configKey) to its path (a relative path starts at the config file's folder)"
        case .runtimeUnavailable(let reason):
            "cannot load ONNX Runtime: \(reason)"
        case .unreadableModel(let path, let reason):
            "cannot load model \(path): \(reason); check that the file is a complete ONNX export "
                + "(download it again if it was cut short)"
        case .contractMismatch(let path, let expected, let problems):
            "model \(path) is not a UniTalker model this engine can run: "
                + problems.joined(separator: "; ") + ". Expected \(expected)"
        case .executionProviderUnavailable(let provider, let reason, let configKey):
            "execution provider '\(provider)' cannot be enabled: \(reason). Install a build of ONNX Runtime "
                + "with it (for cuda: scripts/install-onnxruntime.sh --gpu, plus CUDA 12 and cuDNN 9), or set "
                + "\(configKey).execution_provider to cpu, or \(configKey).allow_cpu_fallback to true"
        case .inferenceFailed(let reason):
            "inference failed: \(reason)"
        case .unexpectedOutput(let reason):
            "the model returned an unexpected output: \(reason)"
        }
    }
}
