import Audio2Face
import Audio2FaceClient
import Audio2FaceTestSupport
import Foundation
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `audio2face serve` under an open-file limit of 128 (soft and hard, so it cannot raise it),
/// flooded with more connections than it has descriptors while a real-time stream runs. Before the
/// accept gate and the clamped `max_connections`, such a flood filled the descriptor table and
/// libdispatch's worker-pool monitor, which cannot open `/proc/<tid>/stat` then, killed the process with
/// SIGILL (exit 132); see docs/operations.md, "Running out of descriptors".
@Suite(.serialized, .timeLimit(.minutes(3))) struct ServeDescriptorExhaustionTests {
    private static let openFileLimit = 128
    private static let perClientLimit = 16
    private static let patience = Duration.seconds(30)

    #if canImport(Glibc)
        @Test(
            "ulimit -n 128: 400 idle and half-sent connections from 21 addresses never exhaust the descriptors; the stream completes and /health comes back",
            .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd")))
        func floodUnderLowLimit() async throws {
            let config = FileManager.default.temporaryDirectory.appendingPathComponent(
                "nofile-\(UUID().uuidString).yaml")
            // More connections than the descriptors allow, and a header timeout that outlasts the test.
            try """
            server:
              max_connections: 100000
              max_connections_per_client: \(Self.perClientLimit)
              header_read_timeout_seconds: 120
            """.write(to: config, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: config) }
            let server = try ServerProcess.start(
                arguments: ["--config", config.path, "--port", "0"], descriptorLimit: .softAndHard(Self.openFileLimit))
            defer { server.stop() }
            let port = try await server.waitForPort()
            try await ServerProcess.waitForReady(base: "127.0.0.1:\(port)")
            let pid = server.process.processIdentifier

            // The configured 100,000 is lowered to what 128 descriptors allow, with room to spare.
            #expect(server.output.contains("server.max_connections is more than the open-file limit allows; lowered"))
            let maxConnections = try Self.loggedLimit("server.max_connections", in: server.output)
            let socketCeiling = try Self.loggedLimit("server.socket_ceiling", in: server.output)
            #expect(maxConnections < socketCeiling)
            #expect(socketCeiling < Self.openFileLimit)
            #expect(maxConnections > Self.perClientLimit + 1)

            let wav = try WAVFile(
                contentsOf: TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-continuous.wav"))
            let url = "ws://127.0.0.1:\(port)/api/v1/streaming_audio2face/ws"
            var options = StreamClient.Options()
            options.realtime = true
            options.requestID = "through-the-flood"
            let stream = Task { [options] in
                try await StreamClient(options: options).stream(wav, to: url, logger: Logger(label: "test"))
            }
            try await server.waitForLog("stream started")
            var mostDescriptors = Self.descriptorCount(of: pid)

            // One address: it keeps its 16 newest connections (each newcomer beyond the per-client limit takes
            // the place of the oldest one still waiting for a request, which is answered 503), and /health
            // from another address is served meanwhile.
            var single = Self.flood(port: port, sources: ["127.0.0.2"], perSource: 200)
            #expect(single.count == 200)
            let sampleDescriptors = { mostDescriptors = max(mostDescriptors, Self.descriptorCount(of: pid)) }
            try await Self.settle(single, until: { $0.silent <= Self.perClientLimit }, sample: sampleDescriptors)
            let singleTally = Self.tally(single)
            #expect(singleTally.silent == Self.perClientLimit)
            #expect(singleTally.refused503 == 200 - Self.perClientLimit)
            #expect(LoopbackSocket.statusOfGet("/health", port: port) == 200)

            // Twenty more addresses: together they fill max_connections, the oldest waiting connections of
            // all give way to newer ones, and the accept gate keeps the sockets under the ceiling however
            // many wait. The stream and at most one kept-alive /health connection are served: they stay.
            var many = Self.flood(port: port, sources: (3...22).map { "127.0.0.\($0)" }, perSource: 10)
            #expect(many.count == 200)
            try await Self.settle(
                many, until: { Self.tally(single).silent + $0.silent <= maxConnections - 1 }, sample: sampleDescriptors)
            let manyTally = Self.tally(many)
            #expect(manyTally.silent + manyTally.refused503 + manyTally.closed == 200)
            #expect(manyTally.refused503 > 0)
            #expect(Self.tally(single).silent < Self.perClientLimit, "the first address's waiting connections gave way")
            #expect(server.process.isRunning)
            // Full of waiting connections: a new client still gets through, in the place of the oldest.
            #expect(LoopbackSocket.statusOfGet("/health", port: port) == 200)
            sampleDescriptors()
            #expect(mostDescriptors < Self.openFileLimit, "the server never ran out of descriptors")

            let result = try await stream.value
            let expectedFrames = FrameTimeline(framesPerSecond: 30, lookaheadSamples: 0)
                .totalFrameCount(forSampleCount: wav.pcmBytes.count / wav.format.bytesPerFrame)
            #expect(result.report?.messageKinds.last == "end")
            #expect(result.report?.frames?.frameCount == expectedFrames)

            // The flood goes away: everything works again.
            single.removeAll()
            many.removeAll()
            try await Self.waitForHealth(port: port)
            let short = try WAVFile(
                contentsOf: TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-short.wav"))
            let after = try await StreamClient(options: StreamClient.Options()).stream(
                short, to: url, logger: Logger(label: "test"))
            #expect(after.report?.messageKinds.last == "end")
            #expect(server.process.isRunning)
            #expect(!server.output.contains("Too many open files"))
            #expect(kill(pid, SIGTERM) == 0)
            #expect(try await server.waitForExit(timeout: .seconds(30)) == 0)
        }

        @Test(
            "ulimit -n 48 leaves no room for connections: serve stops at start-up and names the limit to set",
            .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd")))
        func limitTooLow() async throws {
            let server = try ServerProcess.start(
                arguments: ["--config", "configs/default.yaml", "--port", "0"], descriptorLimit: .softAndHard(48))
            defer { server.stop() }
            #expect(try await server.waitForExit(timeout: .seconds(60)) != 0)
            #expect(server.output.contains("the open-file limit (48) is too low"), "\(server.output)")
            #expect(server.output.contains("raise it to at least"))
            #expect(!server.output.contains("listening"))
        }

        /// How the flood's connections stand.
        private struct Tally {
            var silent = 0
            var refused503 = 0
            var closed = 0
            var other: [String] = []
        }

        private static func tally(_ sockets: [LoopbackSocket]) -> Tally {
            var tally = Tally()
            for socket in sockets {
                switch socket.state() {
                case .silent: tally.silent += 1
                case .closed: tally.closed += 1
                case .answered(let text) where text.hasPrefix("HTTP/1.1 503"): tally.refused503 += 1
                case .answered(let text): tally.other.append(String(text.prefix(80)))
                }
            }
            return tally
        }

        /// Opens `perSource` connections from each of `sources`; every other one sends half a request head.
        private static func flood(port: Int, sources: [String], perSource: Int) -> [LoopbackSocket] {
            var sockets: [LoopbackSocket] = []
            for index in 0..<(sources.count * perSource) {
                guard let socket = LoopbackSocket(from: sources[index % sources.count], toPort: port) else { continue }
                if index % 2 == 1 { socket.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n") }
                sockets.append(socket)
            }
            return sockets
        }

        /// Checks `sockets` every 100 ms until `done` holds for their tally (each check also runs
        /// `sample`); records an issue with the last tally when ``patience`` passes first.
        private static func settle(
            _ sockets: [LoopbackSocket], until done: (Tally) -> Bool, sample: () -> Void
        ) async throws {
            let deadline = ContinuousClock.now + patience
            var tally = tally(sockets)
            while !done(tally) && ContinuousClock.now < deadline {
                sample()
                try await Task.sleep(for: .milliseconds(100))
                tally = Self.tally(sockets)
            }
            sample()
            #expect(done(tally), "connections never settled: \(tally)")
            #expect(tally.other.isEmpty, "unexpected answers: \(tally.other)")
        }

        private static func waitForHealth(port: Int) async throws {
            let deadline = ContinuousClock.now + patience
            while ContinuousClock.now < deadline {
                if LoopbackSocket.statusOfGet("/health", port: port) == 200 { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("/health never answered 200 after the flood closed")
        }

        /// The descriptors process `pid` holds now, from /proc.
        private static func descriptorCount(of pid: Int32) -> Int {
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
        }

        /// The number after `key=` in the "connection limits" start-up line.
        private static func loggedLimit(_ key: String, in output: String) throws -> Int {
            let line = try #require(output.split(separator: "\n").first { $0.contains("connection limits") })
            let field = try #require(line.split(separator: " ").first { $0.hasPrefix("\(key)=") })
            return try #require(Int(field.dropFirst(key.count + 1)))
        }
    #endif
}
