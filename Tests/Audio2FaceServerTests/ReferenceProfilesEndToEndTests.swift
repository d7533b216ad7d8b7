import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// A client of the reference service, asking for its character profiles, receives the reference's 61 MMD
/// names in the start message (ChunkStart) from the real server, with the built-in engine and UniTalker.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ReferenceProfilesEndToEndTests {
    /// A shipped config file, with a fixed blink seed.
    private func shippedConfig(_ file: String) throws -> ServiceConfig {
        var config = try ServiceConfig.load(fromFile: TestRepository.url("configs/\(file)").path)
        config.postprocess.blinkSeed = 11
        return config
    }

    /// Streams `wav` asking for `profile` and returns the report, checking the stream completed.
    private func stream(
        _ wav: WAVFile, profile: String, client: any TestClientProtocol
    ) async throws -> StreamClient.Report {
        var options = StreamClient.Options()
        options.profileName = profile
        let outcome = try await ServerHarness.stream(wav, options: options, client: client)
        let report = try #require(outcome.report, "no report for '\(profile)'")
        #expect(report.messageKinds.first == "start" && report.messageKinds.last == "end", "\(profile)")
        return report
    }

    /// The start message's names are the 61, byte for byte, and every frame value is in [0, 1].
    private func expectReferenceOutput(_ report: StreamClient.Report, _ label: String) throws {
        let names = try #require(report.channelNames, "\(label): no start message")
        #expect(ReferenceMMDNames.utf8(names) == ReferenceMMDNames.utf8(ReferenceMMDNames.morphs), "\(label)")
        let frames = try #require(report.frames, "\(label): no frames")
        #expect(frames.channelCount == 61)
        #expect(frames.frameCount > 0)
        #expect(frames.values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "\(label)")
    }

    @Test("each of the six character profiles answers the reference's 61 names; speech opens あ")
    func characterProfilesBuiltin() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        let parts = try ServerHarness.parts(config: try shippedConfig("default.yaml"))
        try await ServerHarness.withServer(parts) { client in
            for profile in ReferenceMMDNames.characterProfiles {
                let report = try await stream(wav, profile: profile, client: client)
                try expectReferenceOutput(report, profile)
                let frames = try #require(report.frames)
                let mouth = try #require(frames.channelIndex(of: "あ"))
                #expect((frames.column(mouth).max() ?? 0) > 0, "\(profile): speech should move あ")
            }
        }
    }

    @Test("under reference-compatible.yaml an empty or unknown profile_name is answered as KQ-default")
    func emptyProfileIsKQ() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        let parts = try ServerHarness.parts(config: try shippedConfig("reference-compatible.yaml"))
        #expect(parts.environment.postprocess.defaultProfileName == "KQ-default")
        let handler = CollectingLogHandler()
        let logger = Logger(label: "reference-profiles") { _ in handler }
        try await ServerHarness.withServer(parts, logger: logger) { client in
            for profile in ["", "Miku-default"] {
                let report = try await stream(wav, profile: profile, client: client)
                try expectReferenceOutput(report, "'\(profile)'")
            }
        }
        let warnings = handler.lines.filter { $0.hasPrefix("unknown profile requested") }
        #expect(warnings.count == 1, "only the unknown name is warned about: \(warnings)")
        let warning = try #require(warnings.first)
        #expect(warning.contains("Miku-default") && warning.contains("KQ-default"))
        #expect(ReferenceMMDNames.characterProfiles.allSatisfy(warning.contains), "lists the profiles: \(warning)")
    }

    @Test("the UniTalker engine answers KQ-default with the same 61 names")
    func characterProfileUnitalker() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        var config = try shippedConfig("default.yaml")
        config.engine.kind = .unitalker
        config.engine.unitalker.modelPath =
            TestRepository.url("Tests/OnnxRuntimeTests/Fixtures/unitalker-tiny.onnx").path
        let parts = try ServerHarness.parts(config: config)
        #expect(parts.environment.engine.kind == "unitalker")
        try await ServerHarness.withServer(parts) { client in
            let report = try await stream(wav, profile: "KQ-default", client: client)
            try expectReferenceOutput(report, "unitalker KQ-default")
        }
    }
}
