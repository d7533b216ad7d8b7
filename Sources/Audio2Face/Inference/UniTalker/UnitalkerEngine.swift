import Foundation
import OnnxRuntime

/// The UniTalker speech-to-blendshape model on ONNX Runtime: 51 ARKit channels at the configured frame
/// rate, with no look-ahead.
///
/// Each segment is run with up to `context_seconds` of the audio before it prepended, and only the
/// frames the segment owns are kept, so motion continues across segment boundaries. Inference runs on a
/// small pool of dedicated threads (`parallelRuns` of them, each ORT run using `intraOpThreads`), never
/// on Swift's cooperative pool. docs/onnx-engine.md describes the frame mapping and the thread plan.
public final class UnitalkerEngine: FaceEngine {
    public let kind = "unitalker"
    public let channelNames = BlendshapeNames.arkit51
    public let framesPerSecond: Double
    public let lookaheadSamples = 0

    /// The settings this engine was made with.
    public let config: UnitalkerEngineConfig
    /// The model file in use.
    public let modelURL: URL
    /// The ONNX Runtime library file and version in use.
    public let runtimeDescription: String
    /// The provider that runs the model: `cpu` or `cuda`.
    public let activeExecutionProvider: String
    /// Why the configured provider was replaced by the CPU (`allow_cpu_fallback`), nil when it was not.
    public let fallbackReason: String?
    /// Threads each inference uses.
    public let intraOpThreads: Int
    /// Inferences that may run at once.
    public let parallelRuns: Int
    /// How sessions are shared between parallel runs.
    public let sessionLayout: UnitalkerSessionLayout

    private let sessions: [ORTSession]
    private let library: ORTLibrary
    private let outputName: String
    /// Samples of previous audio put in front of each segment.
    let contextSampleCount: Int
    private let pool: InferenceThreadPool

    /// Loads the model named by `config` (a relative `model_path` or `onnxruntime_library` is resolved
    /// against `baseDirectory`), checks it against the UniTalker contract and prepares the sessions.
    ///
    /// Throws ``ModelError`` when the model file is missing or unreadable, the model does not match the
    /// contract, ONNX Runtime cannot be found, or the configured execution provider cannot be enabled,
    /// and ``ConfigError`` for an invalid config.
    public convenience init(config: UnitalkerEngineConfig, framesPerSecond: Double, baseDirectory: URL) throws {
        try self.init(
            config: config, framesPerSecond: framesPerSecond, baseDirectory: baseDirectory, sessionLayout: .automatic)
    }

    /// As ``init(config:framesPerSecond:baseDirectory:)``, choosing how sessions are shared and how many
    /// cores to plan for (for benchmarks and tests; the automatic layout is the measured best).
    public init(
        config: UnitalkerEngineConfig, framesPerSecond: Double, baseDirectory: URL,
        sessionLayout: UnitalkerSessionLayout, availableCores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws {
        let configKey = "engine.unitalker"
        try config.validate(at: configKey)
        guard framesPerSecond > 0, framesPerSecond <= 1_000 else {
            throw ConfigError.invalidValue(key: "fps", message: "\(framesPerSecond) is outside 0 (exclusive)…1000")
        }
        self.config = config
        self.framesPerSecond = framesPerSecond
        modelURL = Self.resolve(config.modelPath, against: baseDirectory)
        guard FileManager.default.fileExists(atPath: modelURL.path) else {
            throw ModelError.modelFileMissing(path: modelURL.path, configKey: "\(configKey).model_path")
        }

        let library: ORTLibrary
        let environment: ORTEnvironment
        do {
            library = try ORTLibrary.load(
                path: config.onnxruntimeLibrary.map { Self.resolve($0, against: baseDirectory).path },
                searchDirectories: [baseDirectory])
            environment = try ORTEnvironment(library: library, logLevel: .error, logID: "unitalker")
        } catch {
            throw ModelError.runtimeUnavailable(reason: error.description)
        }
        self.library = library
        runtimeDescription = "onnxruntime \(library.version) (\(library.path))"

        let plan = Self.threadPlan(
            intraOpThreads: config.intraOpThreads, parallelRuns: config.parallelRuns,
            layout: sessionLayout, cores: availableCores)
        intraOpThreads = plan.intraOpThreads
        parallelRuns = plan.parallelRuns
        self.sessionLayout = plan.layout

        var options = ORTSessionOptions()
        options.intraOpThreads = plan.intraOpThreads
        options.graphOptimization = Self.ortLevel(config.graphOptimization)
        switch config.executionProvider {
        case .cpu: break
        case .cuda: options.executionProviders = [.cuda(deviceID: config.cudaDeviceID)]
        }

        // The first session decides the provider and is checked against the contract.
        var fallbackReason: String?
        let first: ORTSession
        do {
            first = try Self.makeSession(environment, modelURL, options)
        } catch let error as ORTError where !options.executionProviders.isEmpty && Self.isProviderFailure(error) {
            guard config.allowCPUFallback else {
                throw ModelError.executionProviderUnavailable(
                    provider: config.executionProvider.rawValue, reason: error.description, configKey: configKey)
            }
            fallbackReason = error.description
            options.executionProviders = []
            first = try Self.makeSession(environment, modelURL, options)
        }
        self.fallbackReason = fallbackReason
        activeExecutionProvider = options.executionProviders.isEmpty ? "cpu" : config.executionProvider.rawValue

        let problems = UnitalkerModelContract.problems(
            inputs: first.inputs, outputs: first.outputs, channelCount: BlendshapeNames.arkit51.count)
        guard problems.isEmpty else {
            throw ModelError.contractMismatch(
                path: modelURL.path,
                expected: UnitalkerModelContract.expectedDescription(channelCount: BlendshapeNames.arkit51.count),
                problems: problems)
        }
        outputName = first.outputs[0].name

        var sessions = [first]
        let sessionCount = plan.layout == .sessionPerRun ? plan.parallelRuns : 1
        while sessions.count < sessionCount {
            sessions.append(try Self.makeSession(environment, modelURL, options))
        }
        self.sessions = sessions
        contextSampleCount = Int((config.contextSeconds * Double(AudioSegment.sampleRate)).rounded())
        pool = InferenceThreadPool(threadCount: plan.parallelRuns, name: "unitalker")
    }

    deinit {
        pool.shutDown()
    }

    /// Runs one second of silence through every session, so the first real request does not pay for
    /// ORT's lazy initialisation.
    public func warmUp() async throws {
        let input = UnitalkerTiming.normalisedInput(context: [], samples: [Float](repeating: 0, count: 16_000))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in sessions.indices {
                group.addTask {
                    _ = try await self.infer(input: input, inputStartSample: 0, frames: 0..<1, sessionIndex: index)
                }
            }
            try await group.waitForAll()
        }
    }

    public func makeStream() -> any FaceEngineStream {
        UnitalkerEngineStream(engine: self)
    }

    /// Runs the model on a prepared (normalised, padded) input that starts at stream sample
    /// `inputStartSample`, and returns stream frames `frames`. A cancelled task stops the ORT run.
    func infer(
        input: [Float], inputStartSample: Int, frames: Range<Int>, sessionIndex: Int? = nil
    ) async throws -> FaceClip {
        let timeSteps = UnitalkerTiming.timeSteps(inputSampleCount: input.count, framesPerSecond: framesPerSecond)
        let inputs = [
            ORTInputTensor(name: UnitalkerModelContract.audioInput, shape: [1, input.count], elements: input),
            ORTInputTensor(name: UnitalkerModelContract.styleInput, shape: [1], elements: [Int32(config.emoID)]),
            ORTInputTensor(name: UnitalkerModelContract.timeStepsInput, shape: [1], elements: [Int32(timeSteps)]),
        ]
        let runOptions: ORTRunOptions
        do {
            runOptions = try ORTRunOptions(library: library)
        } catch {
            throw ModelError.inferenceFailed(reason: error.description)
        }
        let sessions = sessions
        let outputName = outputName
        let channelNames = channelNames
        let framesPerSecond = framesPerSecond
        do {
            return try await withTaskCancellationHandler {
                try await pool.run { workerIndex in
                    let session = sessions[(sessionIndex ?? workerIndex) % sessions.count]
                    let outputs = try session.run(inputs, outputNames: [outputName], runOptions: runOptions)
                    return try Self.frames(
                        frames, from: outputs[0], inputStartSample: inputStartSample,
                        framesPerSecond: framesPerSecond, channelNames: channelNames)
                }
            } onCancel: {
                try? runOptions.terminate()
            }
        } catch let error as ORTError {
            if Task.isCancelled { throw CancellationError() }
            throw ModelError.inferenceFailed(reason: error.description)
        }
    }

    /// Picks, for every stream frame in `frames`, the output row that shows its time.
    private static func frames(
        _ frames: Range<Int>, from output: ORTValue, inputStartSample: Int, framesPerSecond: Double,
        channelNames: [String]
    ) throws -> FaceClip {
        let width = channelNames.count
        guard output.elementType == .float32, output.shape.count == 3, output.shape[0] == 1,
            output.shape[2] == width, output.shape[1] > 0
        else {
            throw ModelError.unexpectedOutput(
                reason: "got \(output.elementType) \(output.shape), expected float32 [1,T,\(width)] with T ≥ 1")
        }
        let rowCount = output.shape[1]
        var values = [Float]()
        values.reserveCapacity(frames.count * width)
        try output.withUnsafeBufferPointer(of: Float.self) { rows in
            for frame in frames {
                let row = UnitalkerTiming.outputRow(
                    forFrame: frame, inputStartSample: inputStartSample, framesPerSecond: framesPerSecond,
                    rowCount: rowCount)
                values.append(contentsOf: rows[(row * width)..<((row + 1) * width)])
            }
        }
        return FaceClip(channelNames: channelNames, values: values, startFrame: frames.lowerBound)
    }

    private static func makeSession(
        _ environment: ORTEnvironment, _ modelURL: URL, _ options: ORTSessionOptions
    ) throws -> ORTSession {
        do {
            return try ORTSession(environment: environment, modelPath: modelURL.path, options: options)
        } catch let error where isProviderFailure(error) {
            throw error
        } catch {
            throw ModelError.unreadableModel(path: modelURL.path, reason: error.description)
        }
    }

    /// ORT's level for the configured graph optimisation.
    private static func ortLevel(_ level: UnitalkerEngineConfig.GraphOptimization) -> ORTGraphOptimizationLevel {
        switch level {
        case .disabled: .disabled
        case .basic: .basic
        case .extended: .extended
        case .layout: .layout
        case .all: .all
        }
    }

    /// Whether `error` came from enabling an execution provider rather than from reading the model.
    private static func isProviderFailure(_ error: ORTError) -> Bool {
        if case .runtime(let operation, let code, let message) = error {
            return operation.contains("CUDA") || operation.contains("ExecutionProvider")
                || code == .executionProviderFail
                || message.contains("CUDA")
        }
        return false
    }

    private static func resolve(_ path: String, against base: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded).standardizedFileURL
            : base.appendingPathComponent(expanded).standardizedFileURL
    }

    /// Threads per run and runs at once, so that their product stays within `cores`: explicit values
    /// are honoured (parallel runs are cut to fit); automatic ones run one single-threaded run per core,
    /// which on 2 cores answered 5.1–5.2 audio-seconds per second against 3.4–3.8 for one two-threaded
    /// run (docs/benchmarks.md).
    static func threadPlan(
        intraOpThreads: Int, parallelRuns: Int, layout: UnitalkerSessionLayout, cores: Int
    ) -> (intraOpThreads: Int, parallelRuns: Int, layout: UnitalkerSessionLayout) {
        let cores = max(1, cores)
        var intra = intraOpThreads
        var parallel = parallelRuns
        switch (intra, parallel) {
        case (0, 0):
            intra = 1
            parallel = cores
        case (0, _):
            parallel = min(parallel, cores)
            intra = max(1, cores / parallel)
        case (_, 0):
            intra = min(intra, cores)
            parallel = max(1, cores / intra)
        default:
            intra = min(intra, cores)
            parallel = max(1, min(parallel, cores / intra))
        }
        // Measured on 2 cores (docs/onnx-engine.md): with one thread per run, concurrent runs of one
        // shared session are as fast as one session each and need half the memory; with several threads
        // per run, concurrent runs would contend for the shared session's intra-op pool.
        var resolvedLayout = layout
        if layout == .automatic {
            resolvedLayout = parallel == 1 || intra == 1 ? .sharedSession : .sessionPerRun
        }
        return (intra, parallel, resolvedLayout)
    }
}

/// How ORT sessions are shared by parallel runs.
public enum UnitalkerSessionLayout: String, Sendable, CaseIterable {
    /// The measured best (docs/onnx-engine.md): one shared session when each run uses one thread (or
    /// only one run happens at a time), else one session per parallel run.
    case automatic
    /// One session; parallel runs call it concurrently and share its intra-op threads.
    case sharedSession
    /// One session per parallel run (more memory: the weights are loaded once per session).
    case sessionPerRun
}

/// One stream's use of a ``UnitalkerEngine``: it keeps the last `context_seconds` of audio to put in
/// front of the next segment.
struct UnitalkerEngineStream: FaceEngineStream {
    let engine: UnitalkerEngine
    /// The most recent audio, ending at stream sample `historyEnd`.
    private var history: [Float] = []
    private var historyEnd = 0

    init(engine: UnitalkerEngine) {
        self.engine = engine
    }

    mutating func infer(_ segment: AudioSegment) async throws -> FaceClip {
        let contextLimit = engine.contextSampleCount
        // Context only from audio that really precedes this segment in the stream.
        let context: ArraySlice<Float> = historyEnd == segment.startSample ? history.suffix(contextLimit) : []
        let inputStartSample = segment.startSample - context.count
        let input =
            segment.frames.isEmpty
            ? [] : UnitalkerTiming.normalisedInput(context: context, samples: segment.samples)

        var updated = Array(context)
        updated.append(contentsOf: segment.samples)
        history = Array(updated.suffix(contextLimit))
        historyEnd = segment.endSample

        guard !segment.frames.isEmpty else {
            return FaceClip(zeroFrames: 0, channelNames: engine.channelNames, startFrame: segment.frames.lowerBound)
        }
        return try await engine.infer(input: input, inputStartSample: inputStartSample, frames: segment.frames)
    }
}
