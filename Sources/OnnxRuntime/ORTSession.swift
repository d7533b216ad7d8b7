import Foundation

/// A loaded model (`OrtSession`): its declared inputs and outputs, and `run`.
///
/// ORT allows `run` to be called from several threads at once on one session; the runs then share the
/// session's intra-op thread pool. A run blocks its calling thread until it is done, so async callers
/// should call it from a dedicated thread, not from Swift's cooperative pool.
/// (`@unchecked Sendable`: ORT's Run is thread-safe and everything here is immutable after init.)
public final class ORTSession: @unchecked Sendable {
    /// The environment this session lives in (kept alive by it).
    public let environment: ORTEnvironment
    /// The model's inputs as it declares them, in order.
    public let inputs: [ORTTensorInfo]
    /// The model's outputs as it declares them, in order.
    public let outputs: [ORTTensorInfo]
    let handle: OpaquePointer
    private let memoryInfo: OpaquePointer
    /// NUL-terminated copies of the input and output names, made once so runs allocate no names.
    private let inputNameCStrings: [UnsafeMutablePointer<CChar>]
    private let outputNameCStrings: [UnsafeMutablePointer<CChar>]

    private var library: ORTLibrary { environment.library }

    /// Loads the model file at `modelPath`.
    public convenience init(
        environment: ORTEnvironment, modelPath: String, options: ORTSessionOptions = ORTSessionOptions()
    ) throws(ORTError) {
        let library = environment.library
        let handle = try options.withCOptions(library) { (cOptions) throws(ORTError) -> OpaquePointer in
            var session: OpaquePointer?
            try library.api.check(
                library.api.createSession(environment.handle, modelPath, cOptions, &session), "CreateSession")
            return try library.adopt(session, "CreateSession")
        }
        try self.init(environment: environment, adopting: handle)
    }

    /// Loads a model from its serialized bytes (the contents of an `.onnx` file).
    public convenience init(
        environment: ORTEnvironment, modelData: [UInt8], options: ORTSessionOptions = ORTSessionOptions()
    ) throws(ORTError) {
        let library = environment.library
        let handle = try options.withCOptions(library) { (cOptions) throws(ORTError) -> OpaquePointer in
            let result = modelData.withUnsafeBytes { bytes in
                Result { () throws(ORTError) -> OpaquePointer in
                    var session: OpaquePointer?
                    try library.api.check(
                        library.api.createSessionFromArray(
                            environment.handle, bytes.baseAddress, bytes.count, cOptions, &session),
                        "CreateSessionFromArray")
                    return try library.adopt(session, "CreateSessionFromArray")
                }
            }
            return try result.get()
        }
        try self.init(environment: environment, adopting: handle)
    }

    /// Takes ownership of a new session handle and reads its metadata; releases the handle on failure.
    private init(environment: ORTEnvironment, adopting handle: OpaquePointer) throws(ORTError) {
        let library = environment.library
        let api = library.api
        let inputs: [ORTTensorInfo]
        let outputs: [ORTTensorInfo]
        let memoryInfo: OpaquePointer
        do {
            inputs = try Self.describe(library, handle, outputs: false)
            outputs = try Self.describe(library, handle, outputs: true)
            var created: OpaquePointer?
            // Device allocator (0), default memory type (0): plain CPU memory owned by the caller.
            try api.check(api.createCpuMemoryInfo(0, 0, &created), "CreateCpuMemoryInfo")
            memoryInfo = try library.adopt(created, "CreateCpuMemoryInfo")
        } catch {
            api.releaseSession(handle)
            library.didRelease()
            throw error
        }
        self.environment = environment
        self.handle = handle
        self.inputs = inputs
        self.outputs = outputs
        self.memoryInfo = memoryInfo
        inputNameCStrings = inputs.map { strdup($0.name)! }
        outputNameCStrings = outputs.map { strdup($0.name)! }
    }

    deinit {
        let api = library.api
        api.releaseMemoryInfo(memoryInfo)
        library.didRelease()
        api.releaseSession(handle)
        library.didRelease()
        for name in inputNameCStrings + outputNameCStrings { free(name) }
    }

    /// Reads the names, element types and shapes of the inputs or outputs.
    private static func describe(
        _ library: ORTLibrary, _ session: OpaquePointer, outputs: Bool
    ) throws(ORTError) -> [ORTTensorInfo] {
        let api = library.api
        var count = 0
        try api.check(
            outputs ? api.sessionGetOutputCount(session, &count) : api.sessionGetInputCount(session, &count),
            outputs ? "SessionGetOutputCount" : "SessionGetInputCount")
        var allocator: OpaquePointer?
        try api.check(api.getAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions")
        var infos: [ORTTensorInfo] = []
        for index in 0..<count {
            var rawName: UnsafeMutablePointer<CChar>?
            try api.check(
                outputs
                    ? api.sessionGetOutputName(session, index, allocator, &rawName)
                    : api.sessionGetInputName(session, index, allocator, &rawName),
                outputs ? "SessionGetOutputName" : "SessionGetInputName")
            let name = rawName.map { String(cString: $0) } ?? ""
            if let rawName {
                try api.check(api.allocatorFree(allocator, rawName), "AllocatorFree")
            }
            var created: OpaquePointer?
            try api.check(
                outputs
                    ? api.sessionGetOutputTypeInfo(session, index, &created)
                    : api.sessionGetInputTypeInfo(session, index, &created),
                outputs ? "SessionGetOutputTypeInfo" : "SessionGetInputTypeInfo")
            let typeInfo = try library.adopt(created, "SessionGetTypeInfo")
            defer {
                api.releaseTypeInfo(typeInfo)
                library.didRelease()
            }
            var tensorInfo: OpaquePointer?  // borrowed from typeInfo: never released
            try api.check(api.castTypeInfoToTensorInfo(typeInfo, &tensorInfo), "CastTypeInfoToTensorInfo")
            if let tensorInfo {
                let (elementType, shape) = try readTypeAndShape(api, tensorInfo)
                infos.append(ORTTensorInfo(name: name, elementType: elementType, shape: shape))
            } else {
                infos.append(ORTTensorInfo(name: name, elementType: .undefined, shape: []))
            }
        }
        return infos
    }

    /// Runs the model on `inputs` and returns the outputs named `outputNames` (all outputs, in model
    /// order, when nil). Blocks the calling thread until ORT is done. The inputs' arrays are read in
    /// place; each returned value owns its tensor.
    ///
    /// Throws ``ORTError/invalidArgument(_:)`` for an unknown name or a shape that does not match the
    /// element count, and ``ORTError/runtime(operation:code:message:)`` with ORT's message when the run
    /// fails (wrong types or ranks, an operator error, a terminate request from `runOptions`).
    public func run(
        _ inputs: [ORTInputTensor], outputNames: [String]? = nil, runOptions: ORTRunOptions? = nil
    ) throws(ORTError) -> [ORTValue] {
        var inputNames: [UnsafePointer<CChar>?] = []
        inputNames.reserveCapacity(inputs.count)
        for input in inputs {
            guard let index = self.inputs.firstIndex(where: { $0.name == input.name }) else {
                throw .invalidArgument(
                    "the model has no input '\(input.name)'; its inputs are "
                        + self.inputs.map(\.description).joined(separator: ", "))
            }
            guard input.shape.allSatisfy({ $0 >= 0 }), input.shape.reduce(1, *) == input.elementCount else {
                throw .invalidArgument(
                    "input '\(input.name)' has shape \(input.shape) but \(input.elementCount) elements")
            }
            inputNames.append(UnsafePointer(inputNameCStrings[index]))
        }
        var outputIndices: [Int] = Array(outputs.indices)
        if let outputNames {
            outputIndices = []
            for name in outputNames {
                guard let index = outputs.firstIndex(where: { $0.name == name }) else {
                    throw .invalidArgument(
                        "the model has no output '\(name)'; its outputs are "
                            + outputs.map(\.description).joined(separator: ", "))
                }
                outputIndices.append(index)
            }
        }
        let outputCNames: [UnsafePointer<CChar>?] = outputIndices.map { UnsafePointer(outputNameCStrings[$0]) }

        var values: [OpaquePointer?] = []
        values.reserveCapacity(inputs.count)
        return try withInputValues(inputs[...], &values) { (values) throws(ORTError) -> [ORTValue] in
            let api = library.api
            var produced = [OpaquePointer?](repeating: nil, count: outputCNames.count)
            let status = api.run(
                handle, runOptions?.handle, inputNames, values, values.count, outputCNames, outputCNames.count,
                &produced)
            // Whatever ORT allocated is ours to release, even when it reports failure.
            let owned = produced.compactMap { $0 }
            library.didCreate(owned.count)
            var results: [ORTValue] = []
            var remaining = owned[...]
            do throws(ORTError) {
                try api.check(status, "Run")
                guard owned.count == produced.count else {
                    throw ORTError.runtime(operation: "Run", code: .fail, message: "an output was not produced")
                }
                while let next = remaining.popFirst() {
                    results.append(try ORTValue.adopting(next, library: library))
                }
            } catch {
                for value in remaining {
                    api.releaseValue(value)
                    library.didRelease()
                }
                throw error
            }
            return results
        }
    }

    /// Wraps each input's elements in an `OrtValue` over the Swift buffer (no copy), calls `body` with all
    /// of them, then releases them; the buffers stay pinned until `body` returns.
    private func withInputValues<R>(
        _ inputs: ArraySlice<ORTInputTensor>, _ values: inout [OpaquePointer?],
        _ body: ([OpaquePointer?]) throws(ORTError) -> R
    ) throws(ORTError) -> R {
        guard let input = inputs.first else { return try body(values) }
        let api = library.api
        return try input.storage.withRawBytes { (raw) throws(ORTError) -> R in
            let shape = input.shape.map { Int64($0) }
            var created: OpaquePointer?
            try api.check(
                api.createTensorWithDataAsOrtValue(
                    memoryInfo, UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count, shape, shape.count,
                    input.elementType.rawValue, &created),
                "CreateTensorWithDataAsOrtValue")
            let value = try library.adopt(created, "CreateTensorWithDataAsOrtValue")
            defer {
                api.releaseValue(value)
                library.didRelease()
            }
            values.append(value)
            return try withInputValues(inputs.dropFirst(), &values, body)
        }
    }
}

/// Per-run options (`OrtRunOptions`); their use here is to stop a run from another thread.
public final class ORTRunOptions: @unchecked Sendable {  // ORT allows SetTerminate from any thread during a Run
    /// The library that made them.
    public let library: ORTLibrary
    let handle: OpaquePointer

    /// Creates default run options.
    public init(library: ORTLibrary) throws(ORTError) {
        self.library = library
        var created: OpaquePointer?
        try library.api.check(library.api.createRunOptions(&created), "CreateRunOptions")
        handle = try library.adopt(created, "CreateRunOptions")
    }

    deinit {
        library.api.releaseRunOptions(handle)
        library.didRelease()
    }

    /// Makes any run using these options (in flight now or started later) fail soon with ORT's
    /// "Exiting due to terminate flag being set to true."
    public func terminate() throws(ORTError) {
        try library.api.check(library.api.runOptionsSetTerminate(handle), "RunOptionsSetTerminate")
    }

    /// Clears a terminate request so the options can be used again.
    public func resetTerminate() throws(ORTError) {
        try library.api.check(library.api.runOptionsUnsetTerminate(handle), "RunOptionsUnsetTerminate")
    }
}
