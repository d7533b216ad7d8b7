import ArgumentParser
import Audio2Face
import Foundation

/// `audio2face bench load`: ramps concurrent streams against a server speaking the seed protocol (ours
/// or the reference Python service) or NVIDIA's Audio2Face-3D gRPC API, and reports latency, lag,
/// speed, and the server's CPU and memory.
struct BenchLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Ramp concurrent streams against a server and measure them.")

    @Option(help: "WebSocket URL of the server under test.")
    var url = "ws://127.0.0.1:18083/api/v1/streaming_audio2face/ws"

    @Option(help: "HOST:PORT of NVIDIA's Audio2Face-3D gRPC API to load instead of the WebSocket.")
    var grpc: String?

    @Option(help: "API key, sent as the gRPC metadata 'authorization: Bearer KEY' (with --grpc).")
    var apiKey: String?

    @Option(help: "A WAV file or a folder of WAV files; users stream them round-robin.")
    var audio: String

    @Flag(help: "Pace each stream at real-time speed (a live microphone). Without it: burst mode.")
    var realtime = false

    @Flag(help: "Send as fast as possible, like the reference capacity tool (the default).")
    var burst = false

    @Option(help: "Comma-separated concurrency levels.", transform: BenchLoadCommand.parseLevels)
    var users: [Int] = [1, 2, 4, 8, 16]

    @Option(help: "Seconds each level runs (streams in flight at the end are completed).")
    var stepSeconds: Double = 30

    @Option(help: "Milliseconds of audio per body message.")
    var chunkMs: Double = 40

    @Option(help: "Postprocessing profile to ask for (WebSocket only).")
    var profile = ""

    @Option(help: "Frames per second the server sends (for frame-count checks and lag).")
    var fps: Double = 30

    @Option(help: "PID of the server process, to read its CPU time and memory from /proc.")
    var serverPid: Int32?

    @Option(help: "Write the results as JSON to this file.")
    var json: String?

    static func parseLevels(_ text: String) throws -> [Int] {
        let levels = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !levels.isEmpty, levels.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--users takes positive integers separated by commas, e.g. 1,2,4,8")
        }
        return levels
    }

    func validate() throws {
        if realtime && burst { throw ValidationError("choose one of --realtime and --burst") }
        guard stepSeconds > 0, chunkMs > 0 else {
            throw ValidationError("--step-seconds and --chunk-ms must be positive")
        }
        try StreamTarget(url: url, grpc: grpc).check(settings)
    }

    /// The settings of every stream (each gets its own request id).
    private var settings: StreamSettings {
        StreamSettings(profileName: profile, realtime: realtime, chunkMilliseconds: chunkMs, apiKey: apiKey)
    }

    func run() async throws {
        let recordings = try RecordingLoader.load(audio)
        let target = try StreamTarget(url: url, grpc: grpc)
        let settings = settings
        let generator = LoadGenerator(
            recordings: recordings, realtime: realtime, framesPerSecond: fps,
            serverProbe: serverPid.map(ProcessProbe.init(pid:))
        ) { wav, id in
            var settings = settings
            settings.requestID = id
            return await target.stream(wav, settings: settings)
        }
        var results: [LoadLevelResult] = []
        print(LoadTable.header)
        for level in users {
            let result = await generator.runLevel(users: level, seconds: stepSeconds)
            print(LoadTable.row(result))
            for reason in result.errorReasons { print("    error: \(reason)") }
            results.append(result)
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(results).write(to: URL(fileURLWithPath: json))
            print("wrote \(json)")
        }
    }
}

/// The load benchmark's text table.
enum LoadTable {
    static let header =
        "users mode      done errs  audio-s/s  first p50/p95/p99 (ms)   lag p95 (ms)  speed med/min  cpu-s/audio-s  peak RSS (MiB)"

    static func row(_ result: LoadLevelResult) -> String {
        func ms(_ value: Double?) -> String { value.map { String(format: "%.0f", $0 * 1_000) } ?? "-" }
        func fixed(_ value: Double?, _ digits: Int) -> String {
            value.map { String(format: "%.\(digits)f", $0) } ?? "-"
        }
        let first = "\(ms(result.firstFrameP50))/\(ms(result.firstFrameP95))/\(ms(result.firstFrameP99))"
        let speed = "\(fixed(result.speedMedian, 1))/\(fixed(result.speedMin, 1))"
        let rss = result.serverPeakRSSBytes.map { String(format: "%.0f", Double($0) / 1_048_576) } ?? "-"
        return [
            pad(String(result.users), 5), pad(result.mode, 9), pad(String(result.completedStreams), 4),
            pad(String(result.errors), 4), pad(fixed(result.throughput, 1), 10), pad(first, 24),
            pad(ms(result.frameLagP95), 13), pad(speed, 14), pad(fixed(result.serverCPUSecondsPerAudioSecond, 4), 14),
            rss,
        ].joined(separator: " ")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
