import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// The UniTalker engine behind the real server, on the committed tiny ONNX model of the same contract.
@Suite(.serialized, .timeLimit(.minutes(2))) struct UnitalkerServerTests {
    private func config(contextSeconds: Double = 0.5) -> ServiceConfig {
        var config = ServiceConfig()
        config.engine.kind = .unitalker
        config.engine.unitalker.modelPath = "Tests/OnnxRuntimeTests/Fixtures/unitalker-tiny.onnx"
        config.engine.unitalker.contextSeconds = contextSeconds
        config.postprocess.blinkSeed = 7  // identical blink timing in every stream
        return config
    }

    @Test("start-up logs the model and thread plan, and warns when CUDA fell back to the CPU")
    func loadLogged() throws {
        let handler = CollectingLogHandler()
        let logger = Logger(label: "unitalker-load") { _ in handler }
        var config = config()
        config.engine.unitalker.executionProvider = .cuda
        config.engine.unitalker.allowCPUFallback = true
        let parts = try ServiceParts(config: config, baseDirectory: TestRepository.root, logger: logger)
        let lines = handler.lines
        #expect(lines.contains { $0.hasPrefix("UniTalker model loaded") && $0.contains("unitalker-tiny.onnx") })
        let engine = try #require(parts.environment.engine as? UnitalkerEngine)
        if engine.fallbackReason != nil {  // a CPU-only ONNX Runtime, as in CI
            #expect(
                lines.contains { $0.hasPrefix("UniTalker model loaded") && $0.contains(#""engine.provider": cpu"#) })
            #expect(lines.contains { $0.hasPrefix("execution provider unavailable") && $0.contains("CUDA") })
        } else {
            #expect(!lines.contains { $0.hasPrefix("execution provider unavailable") })
        }
    }

    @Test("a spoken WAV streams through the ONNX engine with round(d × 30) frames of the 51 names")
    func streams() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        let parts = try ServerHarness.parts(config: config())
        #expect(parts.environment.engine.kind == "unitalker")
        try await ServerHarness.withServer(parts) { client in
            var options = StreamClient.Options()
            options.profileName = "arkit-default"
            let outcome = try await ServerHarness.stream(wav, options: options, client: client)
            let report = try #require(outcome.report)
            #expect(report.messageKinds.last == "end")
            #expect(report.channelNames == BlendshapeNames.arkit51)
            let frames = try #require(report.frames)
            #expect(abs(frames.frameCount - Int((wav.durationSeconds * 30).rounded())) <= 1)
            #expect(frames.values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        }
    }

    @Test("streamed frames match offline conversion of the same file (same segments, same context)")
    func streamedEqualsOffline() async throws {
        let wav = try ServerHarness.fixture("speech-continuous.wav")
        let parts = try ServerHarness.parts(config: config())
        let offline = try await OfflineConverter(environment: parts.environment).convert(wav, chunkSeconds: 0.04)
        try await ServerHarness.withServer(parts) { client in
            let outcome = try await ServerHarness.stream(wav, options: StreamClient.Options(), client: client)
            let streamed = try #require(outcome.report?.frames)
            #expect(streamed.frameCount == offline.frameCount)
            // float16 on the wire: compare within its resolution.
            let worst = zip(streamed.values, offline.values).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 2e-3)
        }
    }

    @Test("a missing model file stops start-up with a message naming the path")
    func missingModel() throws {
        var broken = config()
        broken.engine.unitalker.modelPath = "weights/does-not-exist.onnx"
        do {
            _ = try ServerHarness.parts(config: broken)
            Issue.record("a missing model was accepted")
        } catch {
            #expect("\(error)".contains("does-not-exist.onnx"))
        }
    }
}
