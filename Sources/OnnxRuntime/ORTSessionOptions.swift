/// How a session is built and run: threads, graph optimisation, execution providers. A plain value;
/// the C `OrtSessionOptions` it becomes lives only while the session is created.
public struct ORTSessionOptions: Sendable, Equatable {
    /// Threads one `Run` may use, the calling thread included (0 = ORT's default: one per core).
    public var intraOpThreads: Int = 0
    /// Threads for running independent graph branches in parallel mode (0 = ORT's default).
    public var interOpThreads: Int = 0
    /// Whether independent branches of the graph may run in parallel (`interOpThreads`).
    public var executionMode: ORTExecutionMode = .sequential
    /// How far ORT rewrites the graph before running it.
    public var graphOptimization: ORTGraphOptimizationLevel = .all
    /// Providers to try in order before ORT's CPU provider, which is always there.
    public var executionProviders: [ORTExecutionProvider] = []
    /// Whether idle intra-op threads spin waiting for work; spinning lowers latency a little but burns
    /// a core after each run, which starves other work on a small machine.
    public var allowSpinning: Bool = false
    /// Whether the CPU provider keeps a memory arena (faster repeated runs of one shape, more memory).
    public var cpuMemoryArena: Bool = true
    /// Session log threshold (ORT's own messages about this session).
    public var logSeverity: ORTLoggingLevel = .warning
    /// Further `AddSessionConfigEntry` pairs (key → value), applied last.
    public var configEntries: [String: String] = [:]

    /// ORT's defaults with spinning off.
    public init() {}
}

/// ORT's `ExecutionMode`.
public enum ORTExecutionMode: Int32, Sendable {
    case sequential = 0
    case parallel = 1
}

/// ORT's `GraphOptimizationLevel`.
public enum ORTGraphOptimizationLevel: Int32, Sendable, CaseIterable {
    case disabled = 0
    case basic = 1
    case extended = 2
    case layout = 3
    case all = 99
}

/// An execution provider to put ahead of ORT's CPU provider.
public enum ORTExecutionProvider: Sendable, Equatable {
    /// NVIDIA CUDA on device `deviceID`, with further CUDA provider options as string pairs
    /// (e.g. `arena_extend_strategy`). Needs the `onnxruntime-gpu` build, CUDA and cuDNN.
    case cuda(deviceID: Int = 0, options: [String: String] = [:])
}

extension ORTSessionOptions {
    /// Builds the C options, calls `body` with them and releases them.
    func withCOptions<R>(
        _ library: ORTLibrary, _ body: (OpaquePointer) throws(ORTError) -> R
    ) throws(ORTError) -> R {
        let api = library.api
        var created: OpaquePointer?
        try api.check(api.createSessionOptions(&created), "CreateSessionOptions")
        let options = try library.adopt(created, "CreateSessionOptions")
        defer {
            api.releaseSessionOptions(options)
            library.didRelease()
        }
        guard (0...4096).contains(intraOpThreads), (0...4096).contains(interOpThreads) else {
            throw .invalidArgument(
                "thread counts must be 0…4096 (intra-op \(intraOpThreads), inter-op \(interOpThreads))")
        }
        try api.check(api.setIntraOpNumThreads(options, Int32(intraOpThreads)), "SetIntraOpNumThreads")
        try api.check(api.setInterOpNumThreads(options, Int32(interOpThreads)), "SetInterOpNumThreads")
        try api.check(api.setSessionExecutionMode(options, executionMode.rawValue), "SetSessionExecutionMode")
        try api.check(
            api.setSessionGraphOptimizationLevel(options, graphOptimization.rawValue),
            "SetSessionGraphOptimizationLevel")
        try api.check(api.setSessionLogSeverityLevel(options, logSeverity.rawValue), "SetSessionLogSeverityLevel")
        if cpuMemoryArena {
            try api.check(api.enableCpuMemArena(options), "EnableCpuMemArena")
        } else {
            try api.check(api.disableCpuMemArena(options), "DisableCpuMemArena")
        }
        var entries = [
            "session.intra_op.allow_spinning": allowSpinning ? "1" : "0",
            "session.inter_op.allow_spinning": allowSpinning ? "1" : "0",
        ]
        entries.merge(configEntries) { _, new in new }
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            try api.check(api.addSessionConfigEntry(options, key, value), "AddSessionConfigEntry")
        }
        for provider in executionProviders {
            switch provider {
            case .cuda(let deviceID, let extra):
                try appendCUDA(library, options, deviceID: deviceID, extra: extra)
            }
        }
        return try body(options)
    }

    private func appendCUDA(
        _ library: ORTLibrary, _ options: OpaquePointer, deviceID: Int, extra: [String: String]
    ) throws(ORTError) {
        let api = library.api
        var created: OpaquePointer?
        try api.check(api.createCUDAProviderOptions(&created), "CreateCUDAProviderOptions")
        let cudaOptions = try library.adopt(created, "CreateCUDAProviderOptions")
        defer {
            api.releaseCUDAProviderOptions(cudaOptions)
            library.didRelease()
        }
        var pairs = extra
        pairs["device_id"] = String(deviceID)
        let sorted = pairs.sorted { $0.key < $1.key }
        try withCStrings(sorted.map(\.key)) { (keys) throws(ORTError) in
            try withCStrings(sorted.map(\.value)) { (values) throws(ORTError) in
                try api.check(
                    api.updateCUDAProviderOptions(cudaOptions, keys, values, sorted.count), "UpdateCUDAProviderOptions")
            }
        }
        try api.check(
            api.sessionOptionsAppendExecutionProviderCUDAV2(options, cudaOptions),
            "SessionOptionsAppendExecutionProvider_CUDA_V2")
    }
}

/// Calls `body` with a C array of NUL-terminated copies of `strings`, valid only during the call.
func withCStrings<R>(
    _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws(ORTError) -> R
) throws(ORTError) -> R {
    let copies: [UnsafeMutablePointer<CChar>] = strings.map { string in
        let utf8 = Array(string.utf8CString)
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
        copy.initialize(from: utf8, count: utf8.count)
        return copy
    }
    defer { for copy in copies { copy.deallocate() } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
    let result = pointers.withUnsafeBufferPointer { buffer in
        Result { () throws(ORTError) -> R in try body(buffer.baseAddress) }
    }
    return try result.get()
}
