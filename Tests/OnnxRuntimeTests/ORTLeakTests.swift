import Foundation
import OnnxRuntime
import Testing

/// Many sessions and runs must release every ORT object exactly once: the wrapper's own count of live
/// objects returns to what is still in use. Resident memory over the same loops depends on the machine
/// and on the suites running beside these, so it is measured by `audio2face bench ort-memory` instead.
@Suite("ORT leak check", .serialized, .enabled(if: TestSupport.libraryTestsEnabled, TestSupport.skipReason))
struct ORTLeakTests {
    @Test("1000 sessions created and released leave only the environment alive")
    func manySessions() throws {
        let library = try ORTLibrary.load(path: TestSupport.library().path)
        let bytes = try [UInt8](Data(contentsOf: TestSupport.tinyModel))
        var options = ORTSessionOptions()
        options.intraOpThreads = 1
        let environment = try ORTEnvironment(library: library, logLevel: .error)
        func cycle(_ count: Int) throws {
            for _ in 0..<count {
                let session = try ORTSession(environment: environment, modelData: bytes, options: options)
                _ = try session.run(Self.inputs(samples: 3_200, timeSteps: 6))
            }
        }
        try cycle(1_000)
        #expect(library.liveObjectCount == 1)  // the environment
    }

    @Test("1000 runs of one session, some failing, release every output")
    func manyRuns() throws {
        let library = try ORTLibrary.load(path: TestSupport.library().path)
        var options = ORTSessionOptions()
        options.intraOpThreads = 1
        let environment = try ORTEnvironment(library: library, logLevel: .error)
        let session = try ORTSession(environment: environment, modelPath: TestSupport.tinyModel.path, options: options)
        let inputs = Self.inputs(samples: 160_000, timeSteps: 300)
        for index in 0..<1_000 {
            let outputs = try session.run(inputs)
            #expect(outputs[0].shape == [1, 300, 51])
            if index % 10 == 0 { _ = try? session.run(Self.inputs(samples: 1_600, timeSteps: 3, emoID: 99)) }
        }
        #expect(library.liveObjectCount == 3)  // environment, session, memory info
    }

    private static func inputs(samples: Int, timeSteps: Int32, emoID: Int32 = 10) -> [ORTInputTensor] {
        [
            ORTInputTensor(
                name: "audio", shape: [1, samples], elements: (0..<samples).map { Float(($0 % 97) - 48) / 48 }),
            ORTInputTensor(name: "emo_id", shape: [1], elements: [emoID]),
            ORTInputTensor(name: "time_steps", shape: [1], elements: [timeSteps]),
        ]
    }
}
