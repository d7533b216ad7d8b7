import Foundation
import OnnxRuntime

/// What a model file declares and whether the UniTalker engine can run it: the check behind
/// `audio2face model check`, for a freshly downloaded model before a service is pointed at it.
///
/// It reads the file's ONNX header (IR version, operator sets), loads it in ONNX Runtime on the CPU (which
/// refuses IR versions and operator sets it does not support) and compares the declared inputs and outputs
/// with ``UnitalkerModelContract``, the same comparison the engine makes at start-up.
public struct UnitalkerModelCheck: Sendable {
    /// The checked file.
    public let modelURL: URL
    /// File size in bytes.
    public let byteCount: Int
    /// IR version, operator sets and producer from the file.
    public let header: OnnxModelHeader
    /// The inputs ORT reports, in order.
    public let inputs: [ORTTensorInfo]
    /// The outputs ORT reports, in order.
    public let outputs: [ORTTensorInfo]
    /// Every way the model differs from what the engine needs; empty when it can run the model.
    public let problems: [String]
    /// The ONNX Runtime that loaded the model (`onnxruntime 1.23.2 (<path>)`).
    public let runtimeDescription: String

    /// Whether the engine can run the model.
    public var passes: Bool { problems.isEmpty }

    /// The contract in words (`inputs audio float32 [1,N], …`), for the report.
    public static var expectedDescription: String {
        UnitalkerModelContract.expectedDescription(channelCount: BlendshapeNames.arkit51.count)
    }

    /// Checks the model at `modelURL` with the ONNX Runtime at `onnxruntimeLibrary` (nil: the usual search,
    /// see `ORTLibrary.load`, also under `searchDirectories`). Throws ``ModelError`` when the file is missing
    /// or not a model ORT can load, or ORT itself cannot be loaded; a loadable model that breaks the
    /// contract is not an error but a check with ``problems``.
    public init(modelAt modelURL: URL, onnxruntimeLibrary: String? = nil, searchDirectories: [URL] = []) throws {
        let path = modelURL.path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber
        else {
            throw ModelError.unreadableModel(path: path, reason: "the file does not exist")
        }
        self.modelURL = modelURL
        byteCount = size.intValue
        header = try OnnxModelHeader(contentsOf: modelURL)

        let environment: ORTEnvironment
        do {
            let library = try ORTLibrary.load(path: onnxruntimeLibrary, searchDirectories: searchDirectories)
            environment = try ORTEnvironment(library: library, logLevel: .error, logID: "model-check")
            runtimeDescription = "onnxruntime \(library.version) (\(library.path))"
        } catch {
            throw ModelError.runtimeUnavailable(reason: error.description)
        }
        let session: ORTSession
        do {
            var options = ORTSessionOptions()
            options.intraOpThreads = 1
            session = try ORTSession(environment: environment, modelPath: path, options: options)
        } catch {
            throw ModelError.unreadableModel(path: path, reason: error.description)
        }
        inputs = session.inputs
        outputs = session.outputs
        var problems = UnitalkerModelContract.problems(
            inputs: session.inputs, outputs: session.outputs, channelCount: BlendshapeNames.arkit51.count)
        if header.defaultOperatorSetVersion == nil {
            problems.append("the model imports no ai.onnx operator set")
        }
        self.problems = problems
    }
}
