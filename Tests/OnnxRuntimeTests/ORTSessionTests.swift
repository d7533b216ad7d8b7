import Foundation
import OnnxRuntime
import Testing

@Suite("ORTSession", .enabled(if: TestSupport.libraryTestsEnabled, TestSupport.skipReason))
struct ORTSessionTests {
    private func tinyInputs(samples: Int = 16_000, emoID: Int32 = 10, timeSteps: Int32 = 30) -> [ORTInputTensor] {
        let audio = (0..<samples).map { Float(sin(Double($0) * 0.05)) }
        return [
            ORTInputTensor(name: "audio", shape: [1, samples], elements: audio),
            ORTInputTensor(name: "emo_id", shape: [1], elements: [emoID]),
            ORTInputTensor(name: "time_steps", shape: [1], elements: [timeSteps]),
        ]
    }

    @Test("reads input and output names, element types and shapes from the model")
    func metadata() throws {
        let session = try ORTSession(environment: TestSupport.environment(), modelPath: TestSupport.tinyModel.path)
        #expect(
            session.inputs == [
                ORTTensorInfo(name: "audio", elementType: .float32, shape: [1, -1]),
                ORTTensorInfo(name: "emo_id", elementType: .int32, shape: [1]),
                ORTTensorInfo(name: "time_steps", elementType: .int32, shape: [1]),
            ])
        #expect(session.outputs == [ORTTensorInfo(name: "blendshapes", elementType: .float32, shape: [1, -1, 51])])
    }

    @Test("runs the model and returns an owned output tensor of the requested length")
    func run() throws {
        var options = ORTSessionOptions()
        options.intraOpThreads = 1
        let session = try ORTSession(
            environment: TestSupport.environment(), modelPath: TestSupport.tinyModel.path, options: options)
        let outputs = try session.run(tinyInputs(timeSteps: 45))
        #expect(outputs.count == 1)
        #expect(outputs[0].elementType == .float32)
        #expect(outputs[0].shape == [1, 45, 51])
        let values = try outputs[0].elements(of: Float.self)
        #expect(values.count == 45 * 51)
        #expect(values.allSatisfy { $0.isFinite })
        #expect(values.contains { $0 != 0 })
        #expect(throws: ORTError.self) { try outputs[0].elements(of: Int32.self) }
    }

    @Test("a session made from bytes behaves as one made from the file")
    func sessionFromBytes() throws {
        let environment = try TestSupport.environment()
        let fromFile = try ORTSession(environment: environment, modelPath: TestSupport.tinyModel.path)
        let bytes = try [UInt8](Data(contentsOf: TestSupport.tinyModel))
        let fromBytes = try ORTSession(environment: environment, modelData: bytes)
        #expect(fromBytes.inputs == fromFile.inputs)
        let a = try fromFile.run(tinyInputs())[0].elements(of: Float.self)
        let b = try fromBytes.run(tinyInputs())[0].elements(of: Float.self)
        #expect(a == b)
    }

    @Test("names and shapes that do not fit are refused before ORT sees them")
    func invalidArguments() throws {
        let session = try ORTSession(environment: TestSupport.environment(), modelPath: TestSupport.tinyModel.path)
        var inputs = tinyInputs()
        inputs[0] = ORTInputTensor(name: "input_values", shape: [1, 4], elements: [Float](repeating: 0, count: 4))
        #expect {
            try session.run(inputs)
        } throws: { error in
            "\(error)".contains("no input 'input_values'") && "\(error)".contains("audio float32 [1,?]")
        }
        inputs = tinyInputs()
        inputs[0] = ORTInputTensor(name: "audio", shape: [1, 5], elements: [Float](repeating: 0, count: 4))
        #expect { try session.run(inputs) } throws: { "\($0)".contains("shape [1, 5] but 4 elements") }
        #expect { try session.run(tinyInputs(), outputNames: ["nope"]) } throws: {
            "\($0)".contains("no output 'nope'")
        }
    }

    @Test("an ORT failure is thrown with ORT's own message")
    func runtimeFailureCarriesMessage() throws {
        let session = try ORTSession(environment: TestSupport.environment(), modelPath: TestSupport.tinyModel.path)
        // The tiny model has 12 styles; Gather rejects index 50.
        do {
            _ = try session.run(tinyInputs(emoID: 50))
            Issue.record("an out-of-range emo_id ran")
        } catch {
            guard case .runtime(let operation, _, let message) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(operation == "Run")
            #expect(message.contains("Gather") || message.contains("out of"))
        }
        // Wrong element type: ORT's own type check.
        var inputs = tinyInputs()
        inputs[1] = ORTInputTensor(name: "emo_id", shape: [1], elements: [Int64(10)])
        #expect { try session.run(inputs) } throws: { "\($0)".contains("tensor(int64)") }
    }

    @Test("a terminate request makes the run fail")
    func terminate() throws {
        let environment = try TestSupport.environment()
        let session = try ORTSession(environment: environment, modelPath: TestSupport.tinyModel.path)
        let runOptions = try ORTRunOptions(library: environment.library)
        try runOptions.terminate()
        #expect { try session.run(tinyInputs(), runOptions: runOptions) } throws: { "\($0)".contains("terminate") }
        try runOptions.resetTerminate()
        #expect(try session.run(tinyInputs(), runOptions: runOptions).count == 1)
    }

    @Test("a corrupt or missing model file is refused with ORT's reason")
    func corruptModel() throws {
        let environment = try TestSupport.environment()
        let bytes = try [UInt8](Data(contentsOf: TestSupport.tinyModel))
        #expect(throws: ORTError.self) {
            try ORTSession(environment: environment, modelData: Array(bytes.prefix(5_000)))
        }
        #expect {
            try ORTSession(environment: environment, modelPath: "/nonexistent/model.onnx")
        } throws: { error in
            guard case ORTError.runtime(_, let code, _) = error else { return false }
            return code == .noSuchFile
        }
    }

    @Test("the CUDA provider on a CPU-only build fails with ORT's reason")
    func cudaUnavailable() throws {
        let environment = try TestSupport.environment()
        guard try !environment.library.availableProviders().contains("CUDAExecutionProvider") else { return }
        var options = ORTSessionOptions()
        options.executionProviders = [.cuda()]
        #expect {
            try ORTSession(environment: environment, modelPath: TestSupport.tinyModel.path, options: options)
        } throws: { "\($0)".contains("CUDA") }
    }

    @Test("every object made is released exactly once")
    func objectsReleased() throws {
        // A library instance of its own, so other suites' objects are not counted.
        let library = try ORTLibrary.load(path: TestSupport.library().path)
        #expect(library.liveObjectCount == 0)
        do {
            let environment = try ORTEnvironment(library: library, logLevel: .error)
            let session = try ORTSession(environment: environment, modelPath: TestSupport.tinyModel.path)
            #expect(library.liveObjectCount == 3)  // environment, session, memory info
            let outputs = try session.run(tinyInputs())
            #expect(library.liveObjectCount == 4)  // + one output value
            _ = try? session.run(tinyInputs(emoID: 99))
            _ = try? session.run([ORTInputTensor(name: "audio", shape: [1], elements: [Float(0)])])
            #expect(library.liveObjectCount == 4)
            var options = ORTSessionOptions()
            options.executionProviders = [.cuda()]
            _ = try? ORTSession(environment: environment, modelPath: TestSupport.tinyModel.path, options: options)
            _ = try? ORTSession(environment: environment, modelPath: "/nonexistent.onnx")
            #expect(library.liveObjectCount == 4)
            withExtendedLifetime(outputs) {}
        }
        #expect(library.liveObjectCount == 0)
    }
}
