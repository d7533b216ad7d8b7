import ArgumentParser
import Audio2Face
import Audio2FaceTestSupport
import Foundation
import Testing

@testable import Audio2FaceCLI

/// `audio2face stream --vmc / --livelink` against the real server, received by third-party decoders:
/// python-osc for VMC and pylivelinkface for Live Link Face (clients/live-output-receiver runs the CLI and
/// decodes what arrives). The frames the CLI also writes with `-o` are the reference for names and values.
@Suite(.serialized, .timeLimit(.minutes(3))) struct LiveOutputTests {
    static let installHint =
        "scripts/test.sh installs them: .venv-test-tools/bin/pip install python-osc==1.10.2 pylivelinkface==0.1"

    /// What the receiver script printed.
    struct Received: Decodable {
        struct Datagram: Decodable {
            var received: Double
            var error: String?
            // VMC
            var isBundle: Bool?
            var addresses: [String]?
            // Live Link Face
            var found: Bool?
            var version: Int?
            var deviceId: String?
            var subject: String?
            var frameNumber: Int?
            var fps: Int?
            var denominator: Int?
            // both
            var names: [String]?
            var values: [Float]?
        }
        var status: Int32
        var stdout: String
        var stderr: String
        var datagrams: [Datagram]
    }

    /// The frames the CLI wrote with `-o` (JSON export).
    struct WrittenClip: Decodable {
        var blendshapeNames: [String]
        var frames: [[Float]]
    }

    static let speech = TestRepository.url("Tests/Audio2FaceServerTests/Fixtures/speech-short.wav")

    /// Starts a server, runs `audio2face stream speech-short.wav OUTPUT_OPTION 127.0.0.1:{port} -o clip.json`
    /// under the receiver script for `kind`, and returns what arrived with the frames the CLI wrote.
    static func streamThroughReceiver(kind: String, option: String, extra: [String] = []) async throws -> (
        Received, WrittenClip
    ) {
        let python = try await ExternalTool.testToolsPython(
            importing: "pythonosc, pylivelinkface", installHint: installHint)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("live-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (server, port) = try await ServerProcess.startReady(arguments: ["--port", "0"])
        defer { server.stop() }
        let clipPath = folder.appendingPathComponent("clip.json").path
        let run = try await ExternalTool.run(
            python,
            [
                TestRepository.url("clients/live-output-receiver/receive_live_output.py").path, kind, "--",
                try ServerProcess.executable().path, "stream", speech.path, "--url",
                "ws://127.0.0.1:\(port)/api/v1/streaming_audio2face/ws", "--profile", "arkit-default", option,
                "127.0.0.1:{port}", "-o", clipPath,
            ] + extra)
        try #require(run.status == 0, "the receiver failed: \(run.error)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let received = try decoder.decode(Received.self, from: Data(run.output.utf8))
        try #require(received.status == 0, "audio2face stream failed: \(received.stderr)")
        let clip = try decoder.decode(WrittenClip.self, from: Data(contentsOf: URL(fileURLWithPath: clipPath)))
        return (received, clip)
    }

    /// Checks that `arrivals` (seconds) are spread over the frame times, not a burst: the whole run takes at
    /// least most of (count − 1) / 30 s and the median gap is at least half a frame. Lower bounds only, so
    /// a slow machine cannot fail them; only sending early can.
    static func expectPaced(_ arrivals: [Double]) {
        guard arrivals.count > 10 else {
            Issue.record("too few datagrams to judge pacing: \(arrivals.count)")
            return
        }
        let span = arrivals.last! - arrivals.first!
        #expect(span >= 0.8 * Double(arrivals.count - 1) / 30, "\(arrivals.count) frames arrived within \(span) s")
        let gaps = zip(arrivals.dropFirst(), arrivals).map { $0 - $1 }.sorted()
        #expect(gaps[gaps.count / 2] >= 0.5 / 30, "median gap \(gaps[gaps.count / 2]) s")
    }

    @Test(
        "--vmc: one OSC bundle per frame, /VMC/Ext/Blend/Val per channel in order then Apply, the frames' values, paced"
    )
    func vmc() async throws {
        let (received, clip) = try await Self.streamThroughReceiver(kind: "vmc", option: "--vmc")
        let datagrams = received.datagrams
        #expect(datagrams.count == clip.frames.count)
        #expect(clip.frames.count > 30)
        #expect(datagrams.compactMap(\.error).isEmpty, "\(datagrams.compactMap(\.error).prefix(3))")
        let addresses =
            Array(repeating: "/VMC/Ext/Blend/Val", count: clip.blendshapeNames.count) + [
                "/VMC/Ext/Blend/Apply"
            ]
        for (index, (datagram, frame)) in zip(datagrams, clip.frames).enumerated() {
            #expect(datagram.isBundle == true, "frame \(index)")
            #expect(datagram.addresses == addresses, "frame \(index)")
            #expect(datagram.names == clip.blendshapeNames, "frame \(index)")
            #expect(datagram.values == frame, "frame \(index)")
            #expect((datagram.values ?? []).allSatisfy { (0...1).contains($0) }, "frame \(index)")
        }
        #expect(received.stdout.contains("vmc 127.0.0.1:"))
        #expect(received.stdout.contains("sent \(clip.frames.count) frames, dropped 0"))
        Self.expectPaced(datagrams.map(\.received))
    }

    @Test(
        "--livelink: packets pylivelinkface reads, frame numbers 0…N−1 at 30/1, values in Live Link Face order, paced")
    func liveLink() async throws {
        let (received, clip) = try await Self.streamThroughReceiver(
            kind: "livelink", option: "--livelink", extra: ["--livelink-subject", "TestFace"])
        let datagrams = received.datagrams
        #expect(datagrams.count == clip.frames.count)
        #expect(datagrams.compactMap(\.error).isEmpty, "\(datagrams.compactMap(\.error).prefix(3))")
        #expect(datagrams.map(\.frameNumber) == Array(0..<clip.frames.count))
        let first = try #require(datagrams.first)
        #expect(first.found == true)
        #expect(first.version == 6)
        #expect(first.subject == "TestFace")
        #expect(first.fps == 30)
        #expect(first.denominator == 1)
        #expect(Set(datagrams.map(\.deviceId)).count == 1)
        let llfNames = try #require(first.names)
        #expect(llfNames.count == 61)
        for (index, (datagram, frame)) in zip(datagrams, clip.frames).enumerated() {
            let values = try #require(datagram.values, "frame \(index)")
            for (slot, name) in llfNames.enumerated() {
                let expected = clip.blendshapeNames.firstIndex(of: name).map { frame[$0] } ?? 0
                #expect(values[slot] == expected, "frame \(index) \(name)")
            }
            #expect(values.allSatisfy { (0...1).contains($0) }, "frame \(index)")
        }
        // The ARKit profile's jaw moves during speech, so the values are not all zero.
        let jaw = try #require(llfNames.firstIndex(of: "JawOpen"))
        #expect(datagrams.contains { ($0.values?[jaw] ?? 0) > 0.1 })
        Self.expectPaced(datagrams.map(\.received))
    }

    @Test("convert --vmc --realtime: the in-process engine's frames, every one, paced, as python-osc reads them")
    func convertRealtime() async throws {
        let python = try await ExternalTool.testToolsPython(
            importing: "pythonosc, pylivelinkface", installHint: Self.installHint)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("live-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clipPath = folder.appendingPathComponent("clip.json").path
        let run = try await ExternalTool.run(
            python,
            [
                TestRepository.url("clients/live-output-receiver/receive_live_output.py").path, "vmc", "--",
                try ServerProcess.executable().path, "convert", Self.speech.path, "--vmc", "127.0.0.1:{port}",
                "--realtime", "-o", clipPath,
            ])
        try #require(run.status == 0, "the receiver failed: \(run.error)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let received = try decoder.decode(Received.self, from: Data(run.output.utf8))
        try #require(received.status == 0, "audio2face convert failed: \(received.stderr)")
        let clip = try decoder.decode(WrittenClip.self, from: Data(contentsOf: URL(fileURLWithPath: clipPath)))
        #expect(received.datagrams.count == clip.frames.count)
        #expect(received.datagrams.map(\.names) == Array(repeating: clip.blendshapeNames, count: clip.frames.count))
        #expect(received.datagrams.map(\.values) == clip.frames)
        Self.expectPaced(received.datagrams.map(\.received))
    }

    @Test("a closed target: the stream completes and the CLI reports the frames sent and dropped")
    func closedTarget() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("live-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (server, port) = try await ServerProcess.startReady(arguments: ["--port", "0"])
        defer { server.stop() }
        let closedPort = try LoopbackUDPReceiver.closedPort()
        let run = try await CommandRun.run(
            [
                "stream", Self.speech.path, "--url", "ws://127.0.0.1:\(port)/api/v1/streaming_audio2face/ws",
                "--vmc", "127.0.0.1:\(closedPort)", "--frame-rate", "300",
            ], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        let framesLine = try #require(
            run.standardOutput.split(separator: "\n").first { $0.hasPrefix("frames received: ") })
        let frames = try #require(Int(framesLine.dropFirst("frames received: ".count).prefix { $0.isNumber }))
        let summary = try #require(run.standardOutput.split(separator: "\n").first { $0.hasPrefix("vmc 127.0.0.1:") })
        let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        // "vmc 127.0.0.1:PORT: sent S frames, dropped D": the last two numbers.
        let sent = numbers[numbers.count - 2]
        let dropped = numbers[numbers.count - 1]
        #expect(sent + dropped == frames)
        #expect(dropped > 0)
    }

    @Test("bad --vmc and --livelink values are refused naming the option")
    func refusals() throws {
        #expect {
            try Audio2FaceCommand.parseAsRoot(["stream", "in.wav", "--vmc", "localhost"])
        } throws: { error in
            Audio2FaceCommand.message(for: error).contains("--vmc 'localhost'")
        }
        #expect {
            try Audio2FaceCommand.parseAsRoot(["stream", "in.wav", "--livelink", "127.0.0.1:70000"])
        } throws: { error in
            Audio2FaceCommand.message(for: error).contains("--livelink '127.0.0.1:70000'")
        }
        #expect {
            try Audio2FaceCommand.parseAsRoot(["stream", "in.wav", "--grpc", "127.0.0.1:52000", "--vmc", "127.0.0.1:1"])
        } throws: { error in
            Audio2FaceCommand.message(for: error).contains("leave out --grpc")
        }
        #expect {
            try Audio2FaceCommand.parseAsRoot(["convert", "in.wav", "--vmc", "127.0.0.1:39539"])
        } throws: { error in
            Audio2FaceCommand.message(for: error).contains("add --realtime")
        }
    }
}
