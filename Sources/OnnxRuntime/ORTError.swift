/// A failure of ONNX Runtime or of this wrapper, carrying ORT's own message where there is one.
public enum ORTError: Error, Equatable, CustomStringConvertible {
    /// No candidate path gave a loadable library; `attempts` lists each path with the loader's reason.
    case libraryNotFound(attempts: [String])
    /// A library was loaded but is not a usable ONNX Runtime (no `OrtGetApiBase`, API version too old).
    case libraryUnusable(path: String, reason: String)
    /// An ORT call returned an error status.
    case runtime(operation: String, code: ORTErrorCode, message: String)
    /// The caller passed something ORT would reject or misread (shape and buffer size disagree, unknown
    /// name, wrong element type when reading a tensor).
    case invalidArgument(String)

    /// What to do when the library is missing or unusable.
    public static let installHint =
        "install it with scripts/install-onnxruntime.sh (puts onnxruntime \(ORTLibrary.expectedVersion) into "
        + ".local/onnxruntime), or set \(ORTLibrary.pathEnvironmentVariable) to the path of libonnxruntime.so"

    public var description: String {
        switch self {
        case .libraryNotFound(let attempts):
            "ONNX Runtime library (libonnxruntime.so) not found; \(Self.installHint). Tried: "
                + (attempts.isEmpty ? "nothing" : attempts.joined(separator: "; "))
        case .libraryUnusable(let path, let reason):
            "\(path) is not a usable ONNX Runtime library: \(reason); \(Self.installHint)"
        case .runtime(let operation, let code, let message):
            "ONNX Runtime \(operation) failed (\(code)): \(message)"
        case .invalidArgument(let message):
            message
        }
    }
}

/// ORT's `OrtErrorCode`: why a call failed.
public struct ORTErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let fail = Self(rawValue: 1)
    public static let invalidArgument = Self(rawValue: 2)
    public static let noSuchFile = Self(rawValue: 3)
    public static let noModel = Self(rawValue: 4)
    public static let engineError = Self(rawValue: 5)
    public static let runtimeException = Self(rawValue: 6)
    public static let invalidProtobuf = Self(rawValue: 7)
    public static let modelLoaded = Self(rawValue: 8)
    public static let notImplemented = Self(rawValue: 9)
    public static let invalidGraph = Self(rawValue: 10)
    public static let executionProviderFail = Self(rawValue: 11)

    public var description: String {
        let names: [Int32: String] = [
            1: "FAIL", 2: "INVALID_ARGUMENT", 3: "NO_SUCHFILE", 4: "NO_MODEL", 5: "ENGINE_ERROR",
            6: "RUNTIME_EXCEPTION", 7: "INVALID_PROTOBUF", 8: "MODEL_LOADED", 9: "NOT_IMPLEMENTED",
            10: "INVALID_GRAPH", 11: "EP_FAIL", 12: "MODEL_LOAD_CANCELED", 13: "MODEL_REQUIRES_COMPILATION",
            14: "NOT_FOUND",
        ]
        return names[rawValue] ?? "code \(rawValue)"
    }
}
