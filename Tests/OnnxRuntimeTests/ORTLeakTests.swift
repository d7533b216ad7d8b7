import Foundation
import OnnxRuntime
import Testing

/// Many sessions and runs must not grow memory: every ORT object is released exactly once. Checked two
/// ways: the wrapper's own count of live objects returns to zero, and resident memory (/proc/self/statm)
/// stays bounded. Other suites run in parallel in the same process, so the memory bound is loose; a leak
/// of one session or one output per iteration would exceed it many times over.
@Suite("ORT leak check", .serialized, .enabled(if: TestSupport.libraryTestsEnabled, TestSupport.skipReason))
struct ORTLeakTests {
    private static let megabyte = 1 << 20

    @Test("1000 sessions created and released keep memory bounded")
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
        try cycle(100)  // let allocators reach their steady state
        let before = TestSupport.residentBytes()
        try cycle(1_000)
        let growth = TestSupport.residentBytes() - before
        #expect(library.liveObjectCount == 1)  // the environment
        #expect(growth < 32 * Self.megabyte, "resident memory grew by \(growth / Self.megabyte) MiB over 1000 sessions")
    }

    @Test("1000 runs of one session keep memory bounded")
    func manyRuns() throws {
        let library = try ORTLibrary.load(path: TestSupport.library().path)
        var options = ORTSessionOptions()
        options.intraOpThreads = 1
        let environment = try ORTEnvironment(library: library, logLevel: .error)
        let session = try ORTSession(environment: environment, modelPath: TestSupport.tinyModel.path, options: options)
        // 10 s in, 300 frames out: a leaked output would cost 61 kB a run, 60 MB over the loop.
        let inputs = Self.inputs(samples: 160_000, timeSteps: 300)
        for _ in 0..<100 { _ = try session.run(inputs) }
        let before = TestSupport.residentBytes()
        for index in 0..<1_000 {
            let outputs = try session.run(inputs)
            #expect(outputs[0].shape == [1, 300, 51])
            if index % 10 == 0 { _ = try? session.run(Self.inputs(samples: 1_600, timeSteps: 3, emoID: 99)) }
        }
        let growth = TestSupport.residentBytes() - before
        #expect(library.liveObjectCount == 3)  // environment, session, memory info
        #expect(growth < 16 * Self.megabyte, "resident memory grew by \(growth / Self.megabyte) MiB over 1000 runs")
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
