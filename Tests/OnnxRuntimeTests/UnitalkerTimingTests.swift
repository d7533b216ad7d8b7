import Foundation
import OnnxRuntime
import Synchronization
import Testing

@testable import Audio2Face

@Suite("UnitalkerTiming")
struct UnitalkerTimingTests {
    @Test("the model input is context + segment normalised to zero mean and unit variance")
    func normalisation() {
        let context: [Float] = [0.5, 0.25]
        let samples: [Float] = (0..<3_000).map { index in Float(sin(Double(index) * 0.01) * 0.3 + 0.1) }
        let input = UnitalkerTiming.normalisedInput(context: context[...], samples: samples)
        #expect(input.count == 3_002)
        let values: [Double] = input.map { Double($0) }
        let mean: Double = values.reduce(0, +) / Double(values.count)
        let variance: Double = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        #expect(abs(mean) < 1e-6)
        #expect(abs(variance - 1) < 1e-4)
        // Order kept: the context comes first.
        let all = context + samples
        let rawMean: Double = all.map { Double($0) }.reduce(0, +) / Double(all.count)
        #expect((input[0] > 0) == (Double(all[0]) > rawMean))
    }

    @Test("short inputs are padded with zeros to 0.1 s; silence stays finite")
    func padding() {
        let input = UnitalkerTiming.normalisedInput(context: [], samples: [Float](repeating: 0, count: 100))
        #expect(input.count == UnitalkerTiming.minimumInputSamples)
        #expect(input.allSatisfy { $0 == 0 })
        #expect(UnitalkerTiming.normalisedInput(context: [], samples: []).count == 1_600)
    }

    @Test(
        "time_steps is N × fps // 16000, at least 1",
        arguments: [
            (16_000, 30.0, 30), (24_000, 30.0, 45), (16_533, 30.0, 30), (1_600, 30.0, 3), (100, 30.0, 1),
            (16_000, 25.0, 25),
            (16_000, 60.0, 60),
        ])
    func timeSteps(samples: Int, fps: Double, expected: Int) {
        #expect(UnitalkerTiming.timeSteps(inputSampleCount: samples, framesPerSecond: fps) == expected)
    }

    @Test("stream frame k takes the row at time k / fps, counted from the model input's start")
    func outputRows() {
        // Input starts 0.5 s (8000 samples) before a segment at stream sample 16000: frame 30 (t = 1 s) is
        // row 15 (0.5 s into the input).
        #expect(
            UnitalkerTiming.outputRow(forFrame: 30, inputStartSample: 8_000, framesPerSecond: 30, rowCount: 60) == 15)
        #expect(
            UnitalkerTiming.outputRow(forFrame: 44, inputStartSample: 8_000, framesPerSecond: 30, rowCount: 60) == 29)
        // Input start between frames: 0.51 s → frame 16 (0.5333 s) is 0.0233 s in = row 0.7 → 1.
        #expect(
            UnitalkerTiming.outputRow(forFrame: 16, inputStartSample: 8_160, framesPerSecond: 30, rowCount: 60) == 1)
        // Clamped at both ends.
        #expect(UnitalkerTiming.outputRow(forFrame: 0, inputStartSample: 8_000, framesPerSecond: 30, rowCount: 60) == 0)
        #expect(UnitalkerTiming.outputRow(forFrame: 500, inputStartSample: 0, framesPerSecond: 30, rowCount: 60) == 59)
    }

    @Test("the contract check lists each difference")
    func contractProblems() {
        let good = [
            ORTTensorInfo(name: "audio", elementType: .float32, shape: [1, -1]),
            ORTTensorInfo(name: "emo_id", elementType: .int32, shape: [1]),
            ORTTensorInfo(name: "time_steps", elementType: .int32, shape: [-1]),
        ]
        let output = [ORTTensorInfo(name: "out", elementType: .float32, shape: [-1, -1, 51])]
        #expect(UnitalkerModelContract.problems(inputs: good, outputs: output, channelCount: 51).isEmpty)

        var bad = good
        bad[1].elementType = .int64
        bad.append(ORTTensorInfo(name: "attention_mask", elementType: .int64, shape: [1, -1]))
        let problems = UnitalkerModelContract.problems(
            inputs: bad, outputs: [ORTTensorInfo(name: "out", elementType: .float16, shape: [1, -1, 51])],
            channelCount: 51)
        #expect(
            problems == [
                "input 'emo_id' is int64 [1], expected int32 [1]",
                "input 'attention_mask' is not one the engine can feed",
                "output 0 'out' is float16 [1,?,51], expected float32 [1,T,51]",
            ])
        #expect(
            UnitalkerModelContract.problems(inputs: good, outputs: [], channelCount: 51) == ["the model has no outputs"]
        )
    }
}

@Suite("InferenceThreadPool")
struct InferenceThreadPoolTests {
    private final class Concurrency: Sendable {
        let counts = Mutex((now: 0, most: 0))
    }

    @Test("runs every job, never more at once than it has threads")
    func boundedConcurrency() async throws {
        let pool = InferenceThreadPool(threadCount: 2, name: "test-pool")
        defer { pool.shutDown() }
        let running = Concurrency()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for job in 0..<20 {
                group.addTask {
                    try await pool.run { worker in
                        #expect((0..<2).contains(worker))
                        running.counts.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        var x = 0.0
                        for i in 0..<200_000 { x += Double(i).squareRoot() }
                        running.counts.withLock { $0.now -= 1 }
                        return x > 0 ? job : -1
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<20))
        #expect(running.counts.withLock { $0.most } <= 2)
    }

    @Test("errors thrown by a job reach the caller; a shut-down pool refuses work")
    func errorsAndShutdown() async throws {
        struct Boom: Error {}
        let pool = InferenceThreadPool(threadCount: 1, name: "test-pool")
        await #expect(throws: Boom.self) { try await pool.run { _ -> Int in throw Boom() } }
        #expect(try await pool.run { _ in 7 } == 7)
        pool.shutDown()
        await #expect(throws: CancellationError.self) { try await pool.run { _ in 1 } }
    }
}
