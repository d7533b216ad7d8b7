import Foundation
import Audio2FaceTestSupport
import Testing
@testable import Audio2Face

@Suite struct StreamSessionTests {
    private func environment(engine: any FaceEngine = FrameIndexEngine()) throws -> StreamEnvironment {
        try StreamEnvironment(
            engine: engine, streaming: StreamingConfig(),
            postprocess: PostprocessLibrary(config: PostprocessConfig(), baseDirectory: TestRepository.root))
    }

    /// Drives a session like the runner does, inferring with `engine`; returns every message sent.
    private func run(
        _ messages: [ClientMessage], engine: any FaceEngine = FrameIndexEngine()
    ) async throws -> [ServerMessage] {
        var session = StreamSession(environment: try environment(engine: engine))
        var stream = engine.makeStream()
        var sent: [ServerMessage] = []
        var queue: [SessionAction] = []
        for message in messages {
            queue += try session.receive(message)
            while !queue.isEmpty {
                switch queue.removeFirst() {
                case .send(let reply): sent.append(reply)
                case .infer(let segment): queue.insert(contentsOf: try session.inferred(try await stream.infer(segment)), at: 0)
                case .finish: break
                }
            }
        }
        return sent
    }

    private func bodyFrames(_ sent: [ServerMessage]) -> [Int] {
        sent.flatMap { message -> [Int] in
            guard case .body(let clip) = message else { return [] }
            return (0..<clip.frameCount).map { clip.startFrame + $0 }
        }
    }

    @Test("start first, frames in order without gaps, end last, total = ceil(duration × fps)",
          arguments: [1, 333, 1_280, 32_000])
    func messageOrder(chunkBytes: Int) async throws {
        let pcm = Signals.int16Bytes(Signals.sine(frequency: 200, seconds: 2.345))
        var messages: [ClientMessage] = [.start(StreamStart(requestID: "t"))]
        for start in stride(from: 0, to: pcm.count, by: chunkBytes) {
            messages.append(.body(pcm: Array(pcm[start..<min(start + chunkBytes, pcm.count)]), offsetName: ""))
        }
        messages.append(.end)
        let sent = try await run(messages)
        guard case .start(let names, let dtype) = sent.first else { Issue.record("no start"); return }
        #expect(names.count > 0)
        #expect(dtype == .float16)
        #expect(sent.last == .end)
        #expect(bodyFrames(sent) == Array(0..<71))
        for message in sent { if case .body(let clip) = message { #expect(clip.frameCount <= 10) } }
    }

    @Test("at 44.1, 48 and 22.05 kHz the frame count is ceil(input frames × fps / rate), never one more from resampling",
          arguments: [(44_100, 1_470), (44_100, 2_939), (48_000, 1_600), (48_000, 3_199), (22_050, 735), (44_100, 88_200)])
    func exactFrameCountAtOtherRates(rate: Int, inputFrames: Int) async throws {
        let pcm = [UInt8](repeating: 0, count: inputFrames * 2)
        let sent = try await run([
            .start(StreamStart(requestID: "rate", sampleRate: rate)), .body(pcm: pcm, offsetName: ""), .end,
        ])
        let expected = Int((Double(inputFrames) * 30 / Double(rate)).rounded(.up))
        #expect(bodyFrames(sent) == Array(0..<expected))
    }

    @Test("the client's response_chunk_n_frames bounds each body")
    func chunking() async throws {
        let pcm = Signals.int16Bytes(Signals.sine(frequency: 200, seconds: 1))
        let sent = try await run([
            .start(StreamStart(requestID: "t", responseChunkFrames: 4)), .body(pcm: pcm, offsetName: ""), .end,
        ])
        let sizes = sent.compactMap { message -> Int? in
            if case .body(let clip) = message { return clip.frameCount } else { return nil }
        }
        #expect(sizes.allSatisfy { $0 <= 4 })
        #expect(sizes.reduce(0, +) == 30)
    }

    @Test("body before start, second start, message after end are protocol violations")
    func orderViolations() async throws {
        var session = StreamSession(environment: try environment())
        #expect(throws: StreamError.self) { try session.receive(.body(pcm: [0, 0], offsetName: "")) }
        _ = try session.receive(.start(StreamStart(requestID: "a")))
        #expect(throws: StreamError.self) { try session.receive(.start(StreamStart(requestID: "a"))) }
    }

    @Test("an unsupported format is rejected at start with the field's name")
    func unsupportedFormat() throws {
        var session = StreamSession(environment: try environment())
        do {
            _ = try session.receive(.start(StreamStart(requestID: "a", sampleWidth: 3)))
            Issue.record("accepted sample_width 3")
        } catch {
            #expect(error == .unsupportedFormat(.unsupportedSampleWidth(3)))
            #expect(error.description.contains("sample_width 3"))
        }
    }

    @Test("a negative response_chunk_n_frames is refused")
    func badChunkFrames() throws {
        var session = StreamSession(environment: try environment())
        #expect(throws: StreamError.self) {
            try session.receive(.start(StreamStart(requestID: "a", responseChunkFrames: -1)))
        }
    }

    @Test("an empty stream still ends cleanly")
    func emptyStream() async throws {
        let sent = try await run([.start(StreamStart(requestID: "t")), .end])
        #expect(sent.count == 2)
        #expect(sent.last == .end)
    }

    @Test("an engine failure becomes inferenceFailed")
    func engineFailure() async throws {
        let runner = StreamRunner(environment: try environment(engine: FailingEngine()), logger: .init(label: "test"))
        var mutableRunner = runner
        _ = try await mutableRunner.handle(.start(StreamStart(requestID: "f")), send: { _ in })
        await #expect(throws: StreamError.self) {
            _ = try await mutableRunner.handle(.body(pcm: Signals.int16Bytes(Signals.sine(frequency: 100, seconds: 1.5)), offsetName: ""), send: { _ in })
        }
    }
}
