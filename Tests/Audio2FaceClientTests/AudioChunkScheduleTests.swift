import Audio2FaceClient
import Audio2FaceTypes
import Synchronization
import Testing

@Suite struct AudioChunkScheduleTests {
    /// 500 frames of 16 kHz 16-bit mono (1,000 bytes), every byte numbered so slices can be told apart.
    private static func monoRecording() throws -> WAVFile {
        let format = try PCMFormat(sampleRate: 16_000, sampleWidth: 2, channelCount: 1)
        return WAVFile(format: format, pcmBytes: (0..<1_000).map { UInt8(truncatingIfNeeded: $0) })
    }

    /// A cut of the 1,000-byte mono recording in 301-byte chunks, and where its chunks must fall.
    struct Cut: Sendable, CustomTestStringConvertible {
        var allowPartialFrames: Bool
        var stepBytes: Int
        var byteRanges: [Range<Int>]
        /// Whole frames before each chunk's start and up to its end.
        var startFrames: [Double]
        var endFrames: [Double]

        var testDescription: String { allowPartialFrames ? "partial frames" : "whole frames" }
    }

    @Test(
        "chunks have the step size (whole frames unless partial ones are allowed), the last one the rest",
        arguments: [
            Cut(
                allowPartialFrames: false, stepBytes: 300, byteRanges: [0..<300, 300..<600, 600..<900, 900..<1_000],
                startFrames: [0, 150, 300, 450], endFrames: [150, 300, 450, 500]),
            // Times count whole frames only: byte 301 is inside frame 150.
            Cut(
                allowPartialFrames: true, stepBytes: 301, byteRanges: [0..<301, 301..<602, 602..<903, 903..<1_000],
                startFrames: [0, 150, 301, 451], endFrames: [150, 301, 451, 500]),
        ])
    func boundaries(_ cut: Cut) throws {
        let wav = try Self.monoRecording()
        let schedule = AudioChunkSchedule(wav, chunkBytes: 301, allowPartialFrames: cut.allowPartialFrames)
        #expect(schedule.stepBytes == cut.stepBytes)
        let chunks = schedule.chunks
        #expect(chunks.map(\.byteRange) == cut.byteRanges)
        #expect(chunks.map(\.index) == Array(cut.byteRanges.indices))
        #expect(chunks.map(\.audioStartSeconds) == cut.startFrames.map { $0 / 16_000 })
        #expect(chunks.map(\.audioEndSeconds) == cut.endFrames.map { $0 / 16_000 })
        #expect(chunks.allSatisfy { $0.pcm == wav.pcmBytes[$0.byteRange] })
        #expect(chunks.flatMap(\.pcm) == wav.pcmBytes)
    }

    @Test("a chunk holds at least one frame, or one byte when frames may be split")
    func smallestChunks() throws {
        let format = try PCMFormat(sampleRate: 8_000, sampleWidth: 2, channelCount: 2)
        let wav = WAVFile(format: format, pcmBytes: Array(repeating: 7, count: 10))
        let framed = AudioChunkSchedule(wav, chunkBytes: 3, allowPartialFrames: false)
        #expect(framed.chunks.map(\.byteRange) == [0..<4, 4..<8, 8..<10])
        let split = AudioChunkSchedule(wav, chunkBytes: 0, allowPartialFrames: true)
        #expect(split.chunks.map(\.byteRange) == (0..<10).map { $0..<$0 + 1 })
        #expect(
            AudioChunkSchedule(WAVFile(format: format, pcmBytes: []), chunkBytes: 4, allowPartialFrames: false)
                .chunks.isEmpty)
    }

    @Test("real-time pacing waits for each chunk's audio start and then for the recording's end")
    func realTimePacing() async throws {
        let schedule = AudioChunkSchedule(try Self.monoRecording(), chunkBytes: 301, allowPartialFrames: false)
        let clock = SteppedClock()
        let writeTime = Duration.milliseconds(5)
        var sent: [Int] = []
        let times = try await schedule.send(realTime: true, clock: clock, began: clock.now) { chunk in
            sent.append(chunk.index)
            clock.advance(by: writeTime)
        }
        #expect(sent == [0, 1, 2, 3])
        // Audio starts at 0, 9.375, 18.75 and 28.125 ms (whole milliseconds), the end at 31.25 ms.
        #expect(clock.deadlines == [0, 9, 18, 28, 31].map { Duration.milliseconds($0) })
        #expect(times.map(\.sentSeconds) == [0, 9, 18, 28].map { (Duration.milliseconds($0) + writeTime).seconds })
        #expect(times.map(\.audioEndSeconds) == schedule.chunks.map(\.audioEndSeconds))
    }

    @Test("without pacing nothing waits and each send time is taken after the chunk went out")
    func unpaced() async throws {
        let schedule = AudioChunkSchedule(try Self.monoRecording(), chunkBytes: 400, allowPartialFrames: false)
        let clock = SteppedClock()
        let began = clock.now
        clock.advance(by: .milliseconds(2))
        let times = try await schedule.send(realTime: false, clock: clock, began: began) { _ in
            clock.advance(by: .milliseconds(5))
        }
        #expect(clock.deadlines.isEmpty)
        #expect(times.map(\.sentSeconds) == [7, 12, 17].map { Duration.milliseconds($0).seconds })
        #expect(times.map(\.audioEndSeconds) == [200, 400, 500].map { $0 / 16_000.0 })
    }
}

/// A clock that moves only when a test advances it or something sleeps on it (then it jumps to the
/// deadline at once); it remembers every deadline it was asked to sleep until, as offsets from its start.
private final class SteppedClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var sinceStart: Duration

        func advanced(by duration: Duration) -> Instant { Instant(sinceStart: sinceStart + duration) }
        func duration(to other: Instant) -> Duration { other.sinceStart - sinceStart }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.sinceStart < rhs.sinceStart }
    }

    private struct State {
        var now = Instant(sinceStart: .zero)
        var deadlines: [Duration] = []
    }

    private let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }
    var deadlines: [Duration] { state.withLock { $0.deadlines } }

    func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now.advanced(by: duration) }
    }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        state.withLock {
            $0.deadlines.append(deadline.sinceStart)
            $0.now = max($0.now, deadline)
        }
    }
}
