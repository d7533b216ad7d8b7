import Audio2FaceTestSupport
import Foundation
import Logging
import Testing

@testable import Audio2Face

@Suite struct StreamSessionTests {
    private func environment(engine: any FaceEngine = FrameIndexEngine()) throws -> StreamEnvironment {
        try StreamEnvironment(
            engine: engine, streaming: StreamingConfig(),
            postprocess: PostprocessLibrary(config: PostprocessConfig(), baseDirectory: TestRepository.root))
    }

    /// Drives a session like the runner does, inferring with `engine`; returns every output emitted.
    private func run(
        _ events: [ClientEvent], engine: any FaceEngine = FrameIndexEngine()
    ) async throws -> [StreamOutput] {
        try await drive(events, engine: engine).outputs
    }

    /// Drives a session and returns its outputs and notices.
    private func drive(
        _ events: [ClientEvent], engine: any FaceEngine = FrameIndexEngine()
    ) async throws -> (outputs: [StreamOutput], notices: [StreamNotice]) {
        var session = StreamSession(environment: try environment(engine: engine))
        var stream = engine.makeStream()
        var outputs: [StreamOutput] = []
        var notices: [StreamNotice] = []
        var queue: [SessionAction] = []
        for event in events {
            queue += try session.handle(.client(event))
            while !queue.isEmpty {
                switch queue.removeFirst() {
                case .emit(let output): outputs.append(output)
                case .notice(let notice): notices.append(notice)
                case .infer(let segment):
                    queue.insert(contentsOf: try session.handle(.inferred(try await stream.infer(segment))), at: 0)
                case .finish: #expect(session.isFinished)
                }
            }
        }
        return (outputs, notices)
    }

    private func bodyFrames(_ sent: [StreamOutput]) -> [Int] {
        sent.flatMap { output -> [Int] in
            guard case .frames(let clip) = output else { return [] }
            return (0..<clip.frameCount).map { clip.startFrame + $0 }
        }
    }

    @Test(
        "start first, frames in order without gaps, end last, total = ceil(duration × fps)",
        arguments: [1, 333, 1_280, 32_000])
    func messageOrder(chunkBytes: Int) async throws {
        let pcm = Signals.int16Bytes(Signals.sine(frequency: 200, seconds: 2.345))
        var events: [ClientEvent] = [.start(StreamStart(requestID: "t"))]
        for start in stride(from: 0, to: pcm.count, by: chunkBytes) {
            events.append(.audio(Array(pcm[start..<min(start + chunkBytes, pcm.count)])))
        }
        events.append(.end)
        let sent = try await run(events)
        guard case .started(let names) = sent.first else {
            Issue.record("no start")
            return
        }
        #expect(names.count > 0)
        #expect(sent.last == .ended)
        #expect(bodyFrames(sent) == Array(0..<71))
        for output in sent { if case .frames(let clip) = output { #expect(clip.frameCount <= 10) } }
    }

    @Test(
        "at 44.1, 48 and 22.05 kHz the frame count is ceil(input frames × fps / rate), never one more from resampling",
        arguments: [
            (44_100, 1_470), (44_100, 2_939), (48_000, 1_600), (48_000, 3_199), (22_050, 735), (44_100, 88_200),
        ])
    func exactFrameCountAtOtherRates(rate: Int, inputFrames: Int) async throws {
        let pcm = [UInt8](repeating: 0, count: inputFrames * 2)
        let sent = try await run([
            .start(StreamStart(requestID: "rate", sampleRate: rate)), .audio(pcm), .end,
        ])
        let expected = Int((Double(inputFrames) * 30 / Double(rate)).rounded(.up))
        #expect(bodyFrames(sent) == Array(0..<expected))
    }

    @Test("the client's response_chunk_n_frames bounds each body")
    func chunking() async throws {
        let pcm = Signals.int16Bytes(Signals.sine(frequency: 200, seconds: 1))
        let sent = try await run([
            .start(StreamStart(requestID: "t", responseChunkFrames: 4)), .audio(pcm), .end,
        ])
        let sizes = sent.compactMap { output -> Int? in
            if case .frames(let clip) = output { return clip.frameCount } else { return nil }
        }
        #expect(sizes.allSatisfy { $0 <= 4 })
        #expect(sizes.reduce(0, +) == 30)
    }

    @Test("audio before start, second start, an event after end are order violations")
    func orderViolations() async throws {
        var session = StreamSession(environment: try environment())
        #expect(throws: StreamError.outOfOrder(.startMissing)) { try session.handle(.client(.audio([0, 0]))) }
        _ = try session.handle(.client(.start(StreamStart(requestID: "a"))))
        #expect(throws: StreamError.outOfOrder(.startRepeated)) {
            try session.handle(.client(.start(StreamStart(requestID: "a"))))
        }
        _ = try session.handle(.client(.end))
        #expect(!session.isFinished)  // the final segment is still being inferred
        #expect(throws: StreamError.outOfOrder(.afterEnd)) { try session.handle(.client(.audio([0, 0]))) }
        #expect(throws: StreamError.outOfOrder(.afterEnd)) { try session.handle(.client(.end)) }
    }

    @Test("a clip with no stream running is refused")
    func clipBeforeStart() throws {
        var session = StreamSession(environment: try environment())
        #expect(throws: StreamError.self) {
            try session.handle(.inferred(FaceClip(channelNames: ["A"], values: [0])))
        }
    }

    @Test("an unsupported format is rejected at start with the field's name")
    func unsupportedFormat() throws {
        var session = StreamSession(environment: try environment())
        do {
            _ = try session.handle(.client(.start(StreamStart(requestID: "a", sampleWidth: 3))))
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
            try session.handle(.client(.start(StreamStart(requestID: "a", responseChunkFrames: -1))))
        }
    }

    @Test("an empty stream still ends cleanly")
    func emptyStream() async throws {
        let sent = try await run([.start(StreamStart(requestID: "t")), .end])
        #expect(sent.count == 2)
        #expect(sent.last == .ended)
    }

    @Test(
        "start and fallback are notices, not log calls: an unknown profile names the one used and the configured ones")
    func profileFallbackNotice() async throws {
        let library = try PostprocessLibrary(config: PostprocessConfig(), baseDirectory: TestRepository.root)
        let (_, notices) = try await drive([.start(StreamStart(requestID: "n", profileName: "no-such-profile")), .end])
        guard case .started(let request, let used) = notices.first else {
            Issue.record("no start notice: \(notices)")
            return
        }
        #expect(request.requestID == "n")
        #expect(
            notices.contains(
                .profileFellBack(requested: "no-such-profile", used: used, available: library.profileNames)))
        let (_, known) = try await drive([.start(StreamStart(requestID: "k", profileName: used)), .end])
        #expect(!known.contains { if case .profileFellBack = $0 { true } else { false } })
    }

    @Test("an unknown emotion preset is noticed once per change; a known one and an empty one are not")
    func unknownEmotionNotice() async throws {
        let library = try PostprocessLibrary(config: PostprocessConfig(), baseDirectory: TestRepository.root)
        let profile = try #require(library.profileNames.first { !library.presetNames(forProfile: $0).isEmpty })
        let known = try #require(library.presetNames(forProfile: profile).first)
        let (_, notices) = try await drive([
            .start(StreamStart(requestID: "e", profileName: profile)),
            .emotion("no_such_emotion"), .audio([0, 0]), .emotion("no_such_emotion"),
            .emotion(known), .emotion(""), .end,
        ])
        let unknown = notices.filter { if case .unknownEmotion = $0 { true } else { false } }
        #expect(unknown == [.unknownEmotion(name: "no_such_emotion", known: library.presetNames(forProfile: profile))])
    }
}

@Suite struct StreamRunnerTests {
    private func environment(engine: any FaceEngine = FrameIndexEngine()) throws -> StreamEnvironment {
        try StreamEnvironment(
            engine: engine, streaming: StreamingConfig(),
            postprocess: PostprocessLibrary(config: PostprocessConfig(), baseDirectory: TestRepository.root))
    }

    private struct Events: AsyncSequence {
        let events: [ClientEvent]
        let failure: (any Error)?
        struct AsyncIterator: AsyncIteratorProtocol {
            var remaining: [ClientEvent]
            let failure: (any Error)?
            mutating func next() async throws -> ClientEvent? {
                if remaining.isEmpty, let failure { throw failure }
                return remaining.isEmpty ? nil : remaining.removeFirst()
            }
        }
        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: events, failure: failure) }
    }

    private struct BrokenSink: FrameSink {
        struct Gone: Error {}
        mutating func deliver(_ output: StreamOutput) async throws { throw Gone() }
    }

    private let audio = Signals.int16Bytes(Signals.sine(frequency: 100, seconds: 1.5))

    @Test("a whole stream completes into any sink: 45 frames for 1.5 s, names first")
    func completes() async throws {
        var runner = StreamRunner(environment: try environment(), logger: .init(label: "test"))
        var sink = ClipCollector()
        let outcome = await runner.run(
            Events(events: [.start(StreamStart(requestID: "r")), .audio(audio), .end], failure: nil), into: &sink)
        guard case .completed = outcome else {
            Issue.record("outcome \(outcome)")
            return
        }
        #expect(sink.clip.frameCount == 45)
        #expect(sink.hasEnded)
        #expect(runner.state.isFinished)
    }

    @Test("events that stop before the end: the client left")
    func clientLeft() async throws {
        var runner = StreamRunner(environment: try environment(), logger: .init(label: "test"))
        var sink = ClipCollector()
        let outcome = await runner.run(
            Events(events: [.start(StreamStart(requestID: "r")), .audio(audio)], failure: nil), into: &sink)
        guard case .clientLeft = outcome else {
            Issue.record("outcome \(outcome)")
            return
        }
    }

    @Test("a StreamError from the events fails the stream; any other error is the transport's")
    func eventErrors() async throws {
        var runner = StreamRunner(environment: try environment(), logger: .init(label: "test"))
        var sink = ClipCollector()
        let failed = await runner.run(Events(events: [], failure: StreamError.protocolViolation("bad")), into: &sink)
        guard case .failed(.protocolViolation("bad")) = failed else {
            Issue.record("outcome \(failed)")
            return
        }
        var other = StreamRunner(environment: try environment(), logger: .init(label: "test"))
        let lost = await other.run(Events(events: [], failure: BrokenSink.Gone()), into: &sink)
        guard case .transportFailed(let error) = lost, error is BrokenSink.Gone else {
            Issue.record("outcome \(lost)")
            return
        }
    }

    @Test("a sink that cannot deliver is a transport failure")
    func sinkFailure() async throws {
        var runner = StreamRunner(environment: try environment(), logger: .init(label: "test"))
        var sink = BrokenSink()
        let outcome = await runner.run(
            Events(events: [.start(StreamStart(requestID: "r")), .end], failure: nil), into: &sink)
        guard case .transportFailed = outcome else {
            Issue.record("outcome \(outcome)")
            return
        }
    }

    @Test("an engine failure becomes inferenceFailed")
    func engineFailure() async throws {
        var runner = StreamRunner(environment: try environment(engine: FailingEngine()), logger: .init(label: "test"))
        var sink = ClipCollector()
        let outcome = await runner.run(
            Events(events: [.start(StreamStart(requestID: "f")), .audio(audio), .end], failure: nil), into: &sink)
        guard case .failed(.inferenceFailed) = outcome else {
            Issue.record("outcome \(String(reflecting: outcome))")
            return
        }
    }
}
