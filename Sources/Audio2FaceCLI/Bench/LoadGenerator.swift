import Audio2Face
import Audio2FaceClient
import Foundation

/// Drives concurrent streams against a server and measures them, whatever the transport: it is given
/// the function that streams one recording.
struct LoadGenerator: Sendable {
    /// Streams one recording, named `id` in the server's log, and says how it went.
    typealias StreamFile = @Sendable (_ wav: WAVFile, _ id: String) async -> StreamAttempt

    var recordings: [WAVFile]
    /// Whether `streamFile` paces at real time (first-frame latency and lag are measured differently).
    var realtime: Bool
    var framesPerSecond: Double
    var serverProbe: ProcessProbe?
    var streamFile: StreamFile

    /// Runs `users` concurrent users for `seconds`: each streams recordings back to back (at least one)
    /// and starts no new stream after the time is up.
    func runLevel(users: Int, seconds: Double) async -> LoadLevelResult {
        var result = LoadLevelResult(users: users, mode: realtime ? "realtime" : "burst")
        let clock = ContinuousClock()
        let began = clock.now
        let deadline = began + .milliseconds(Int64(seconds * 1_000))
        let cpuBefore = serverProbe?.cpuSeconds()
        // User tasks report their outcomes; the memory sampler runs until cancelled, then reports its peak.
        let (outcomes, peakRSS) = await withTaskGroup(of: TaskReport.self) { group in
            if let serverProbe {
                group.addTask {
                    var peak = 0
                    while !Task.isCancelled {
                        peak = max(peak, serverProbe.residentBytes() ?? 0)
                        try? await Task.sleep(for: .milliseconds(250))
                    }
                    return .peakResidentBytes(peak)
                }
            }
            for user in 0..<users {
                group.addTask {
                    var outcomes: [StreamOutcome] = []
                    var index = user
                    repeat {
                        outcomes.append(
                            await streamOnce(
                                recordings[index % recordings.count], id: "bench-\(users)-\(user)-\(index)"))
                        index += users
                    } while clock.now < deadline
                    return .outcomes(outcomes)
                }
            }
            var all: [StreamOutcome] = []
            var peak = 0
            var finishedUsers = 0
            for await report in group {
                switch report {
                case .outcomes(let outcomes):
                    all += outcomes
                    finishedUsers += 1
                    if finishedUsers == users { group.cancelAll() }
                case .peakResidentBytes(let bytes):
                    peak = bytes
                }
            }
            return (all, peak)
        }
        result.wallSeconds = (clock.now - began).seconds
        if let cpuBefore, let cpuAfter = serverProbe?.cpuSeconds() {
            let audio = outcomes.compactMap(\.report).map(\.audioSeconds).reduce(0, +)
            result.serverCPUSecondsPerAudioSecond = audio > 0 ? (cpuAfter - cpuBefore) / audio : nil
        }
        if serverProbe != nil { result.serverPeakRSSBytes = peakRSS }
        summarize(outcomes, into: &result)
        return result
    }

    private func summarize(_ outcomes: [StreamOutcome], into result: inout LoadLevelResult) {
        var firstFrames: [Double] = []
        var lags: [Double] = []
        var speeds: [Double] = []
        for outcome in outcomes {
            guard let report = outcome.report else {
                result.errors += 1
                if result.errorReasons.count < 5 { result.errorReasons.append(outcome.error ?? "unknown") }
                continue
            }
            result.completedStreams += 1
            result.audioSeconds += report.audioSeconds
            if let first = report.firstFrame { firstFrames.append(first) }
            lags += report.frameLags
            speeds.append(report.speed)
            if abs(report.frameCount - Int((report.audioSeconds * framesPerSecond).rounded())) > 1 {
                result.frameCountMismatches += 1
            }
        }
        let first = Percentiles(firstFrames)
        result.firstFrameP50 = first.value(50)
        result.firstFrameP95 = first.value(95)
        result.firstFrameP99 = first.value(99)
        result.frameLagP95 = Percentiles(lags).value(95)
        let speed = Percentiles(speeds)
        result.speedMedian = speed.value(50)
        result.speedMin = speed.value(0)
    }

    /// What a task of one level reports.
    private enum TaskReport: Sendable {
        case outcomes([StreamOutcome])
        case peakResidentBytes(Int)
    }

    /// One stream's measurements, or why it failed.
    struct StreamOutcome: Sendable {
        struct Measured: Sendable {
            var audioSeconds: Double
            var frameCount: Int
            var firstFrame: Double?
            var frameLags: [Double]
            var speed: Double
        }

        var report: Measured?
        var error: String?
    }

    private func streamOnce(_ wav: WAVFile, id: String) async -> StreamOutcome {
        let attempt = await streamFile(wav, id)
        guard attempt.failure == nil, let report = attempt.report, let endReceived = report.endReceivedSeconds else {
            return StreamOutcome(error: attempt.failure ?? "no end message")
        }
        let firstFrame: Double?
        if realtime {
            firstFrame = report.firstFrameSeconds
        } else {
            firstFrame = report.firstFrameSeconds.map { max(0, $0 - (report.endSentSeconds ?? 0)) }
        }
        return StreamOutcome(
            report: .init(
                audioSeconds: wav.durationSeconds, frameCount: report.frames?.frameCount ?? 0,
                firstFrame: firstFrame,
                frameLags: realtime ? report.frameLagSeconds(framesPerSecond: framesPerSecond) : [],
                speed: wav.durationSeconds / max(endReceived, 1e-9)))
    }
}
