import Audio2FaceTestSupport
import Logging
import Synchronization
import Testing

@testable import Audio2Face

@Suite struct RepeatedWarningLimiterTests {
    private let kind = "unknown offset_name; no emotion preset applied"

    @Test("3 warnings of a kind per minute are logged; the rest are counted and reported when it is next logged")
    func window() {
        var limiter = RepeatedWarningLimiter()
        let decisions = (0..<10).map { limiter.admit(kind, at: .seconds($0)) }
        #expect(
            decisions == Array(repeating: .log(suppressedBefore: 0), count: 3) + Array(repeating: .suppress, count: 7))
        #expect(limiter.admit("another warning", at: .seconds(10)) == .log(suppressedBefore: 0))
        #expect(limiter.admit(kind, at: .seconds(59)) == .suppress)
        #expect(limiter.admit(kind, at: .seconds(60)) == .log(suppressedBefore: 8))
        #expect(limiter.admit(kind, at: .seconds(61)) == .log(suppressedBefore: 0))
        #expect(limiter.takeSuppressed().isEmpty)
    }

    @Test("what is still held back is taken once per kind, sorted by kind, and then cleared")
    func takeSuppressed() {
        var limiter = RepeatedWarningLimiter(allowedPerWindow: 1, window: .seconds(10))
        for second in 0..<4 {
            _ = limiter.admit("b", at: .seconds(second))
            _ = limiter.admit("a", at: .seconds(second))
        }
        _ = limiter.admit("c", at: .zero)
        let held = limiter.takeSuppressed()
        #expect(held.map(\.kind) == ["a", "b"])
        #expect(held.map(\.count) == [3, 3])
        #expect(limiter.takeSuppressed().isEmpty)
        #expect(limiter.admit("a", at: .seconds(20)) == .log(suppressedBefore: 0))
    }
}

@Suite struct StreamRunnerWarningTests {
    /// Client events, with the manual clock moved forward at the given points.
    private struct Script: AsyncSequence {
        enum Step {
            case event(ClientEvent)
            case advance(Duration)
        }
        let steps: [Step]
        let clock: ManualClock

        struct AsyncIterator: AsyncIteratorProtocol {
            var remaining: ArraySlice<Step>
            let clock: ManualClock
            mutating func next() async throws(any Error) -> ClientEvent? {
                while let step = remaining.popFirst() {
                    switch step {
                    case .event(let event): return event
                    case .advance(let duration): clock.advance(by: duration)
                    }
                }
                return nil
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: steps[...], clock: clock) }
    }

    @Test("a client alternating unknown offset_names gets 3 warnings a minute and one count of the rest")
    func unknownEmotionsAreRateLimited() async throws {
        let library = try PostprocessLibrary(config: PostprocessConfig(), baseDirectory: TestRepository.root)
        let profile = try #require(library.profileNames.first { !library.presetNames(forProfile: $0).isEmpty })
        let environment = try StreamEnvironment(
            engine: FrameIndexEngine(), streaming: StreamingConfig(), postprocess: library)
        let handler = CollectingLogHandler()
        let clock = ManualClock()
        var runner = StreamRunner(
            environment: environment, logger: Logger(label: "test") { _ in handler }, clock: clock)
        let unknown = (0..<10).map { Script.Step.event(.emotion("bad_\($0 % 2)")) }
        let steps: [Script.Step] =
            [.event(.start(StreamStart(requestID: "w", profileName: profile)))] + unknown + [.advance(.seconds(61))]
            + unknown + [.event(.end)]
        var sink = ClipCollector()
        let outcome = await runner.run(Script(steps: steps, clock: clock), into: &sink)
        guard case .completed = outcome else {
            Issue.record("outcome \(outcome)")
            return
        }
        let warnings = handler.events.filter { $0.level == .warning }
        let unknownMessage = "unknown offset_name; no emotion preset applied"
        #expect(
            warnings.map(\.message) == [
                unknownMessage, unknownMessage, unknownMessage, "7 similar warnings suppressed", unknownMessage,
                unknownMessage, unknownMessage, "7 similar warnings suppressed",
            ])
        #expect(warnings.prefix(3).map { $0.metadata["stream.offset_name"] } == ["bad_0", "bad_1", "bad_0"])
        #expect(warnings[3].metadata["warning.message"] == .string(unknownMessage))
        #expect(warnings[3].metadata["warning.suppressed"]?.description == "7")
        let messages = handler.events.map(\.message)
        let finished = try #require(messages.firstIndex(of: "stream finished"))
        #expect(messages.lastIndex(of: "7 similar warnings suppressed")! < finished)
    }
}
