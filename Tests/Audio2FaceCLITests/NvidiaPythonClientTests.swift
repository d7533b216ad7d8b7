import Audio2Face
import Audio2FaceTestSupport
import Foundation
import NvidiaA2FProtocol
import Testing

/// Compatibility with NVIDIA's own message definitions: clients/nvidia/a2f3d_check.py, written by us on
/// NVIDIA's published PyPI packages (nvidia-audio2face-3d 1.3.0, nvidia-ace 1.0.0, grpcio), health-checks
/// and streams through the real server's gRPC API and prints a JSON summary that this test checks.
/// The packages live in .venv-test-tools/, which scripts/test.sh installs; without them the test fails.
@Suite(.serialized, .timeLimit(.minutes(3))) struct NvidiaPythonClientTests {
    static let fixture = "Tests/Audio2FaceServerTests/Fixtures/speech-short.wav"
    static let installHint =
        "scripts/test.sh installs them: scripts/install-python-tools.sh .venv-test-tools \"moto[server]==5.2.5\" "
        + "nvidia-audio2face-3d==1.3.0 nvidia-ace==1.0.0 grpcio==1.67.1 protobuf==5.29.5 websockets==15.0.1"

    /// The fields of the script's summary that the test reads (its keys are in snake case).
    struct Summary: Decodable {
        struct HeaderAudio: Decodable, Equatable {
            var bitsPerSample: Int
            var channelCount: Int
            var samplesPerSecond: Int
        }
        struct Keyframe: Decodable {
            var timeCode: Double
            var emotion: [String: Double]
        }
        var health: String
        var grpcCode: String
        var grpcDetails: String
        var firstMessage: String?
        var lastMessages: [String]
        var eventTypes: [String]
        var finalStatus: String?
        var blendShapeNames: [String]
        var headerAudio: HeaderAudio?
        var frameCount: Int
        var expectedFrameCount: Int
        var weightsPerFrame: [Int]
        var timeCodesStrictlyIncreasing: Bool
        var timeCodesOnFrameGrid: Bool
        var inputAudioBytes: Int
        var echoedAudioBytes: Int
        var echoedAudioEqual: Bool
        var animationDataMessages: Int
        var emotionAggregates: Int
        var emotionAggregateErrors: [String]
        var inputEmotions: [Keyframe]
        var failedChecks: [String]
        var ok: Bool
    }

    /// The test-tools venv's Python, failing the test when it or NVIDIA's packages are missing.
    static func python() async throws -> URL {
        try await ExternalTool.testToolsPython(
            importing:
                "grpc, nvidia_ace.audio_pb2, nvidia_audio2face_3d.audio2face_pb2_grpc, nvidia_audio2face_3d.messages_pb2",
            installHint: installHint)
    }

    @Test(
        "NVIDIA's published Python messages: SERVING, every frame on k/30, the audio echoed, EmotionAggregate, event then SUCCESS"
    )
    func nvidiaClientAgainstRealServer() async throws {
        let python = try await Self.python()
        let (server, _, grpcPort) = try await ServerProcess.startReadyWithGRPC()
        defer { server.stop() }
        let wavURL = TestRepository.url(Self.fixture)
        let wav = try WAVFile(contentsOf: wavURL)

        let run = try await ExternalTool.run(
            python,
            [
                TestRepository.url("clients/nvidia/a2f3d_check.py").path, "--address", "127.0.0.1:\(grpcPort)",
                "--wav", wavURL.path,
            ])
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let summary = try decoder.decode(Summary.self, from: Data(run.output.utf8))
        #expect(run.status == 0, "failed checks: \(summary.failedChecks); stderr: \(run.error)")
        #expect(summary.ok)
        #expect(summary.failedChecks.isEmpty)
        #expect(summary.health == "SERVING")
        #expect(summary.grpcCode == "OK", "\(summary.grpcDetails)")
        #expect(summary.firstMessage == "animation_data_stream_header")
        #expect(summary.lastMessages == ["event", "status"])
        #expect(summary.eventTypes == ["END_OF_A2F_AUDIO_PROCESSING"])
        #expect(summary.finalStatus == "SUCCESS")
        #expect(summary.blendShapeNames == NvidiaBlendShapeNames.all)
        #expect(
            summary.headerAudio
                == Summary.HeaderAudio(
                    bitsPerSample: wav.format.sampleWidth * 8, channelCount: wav.format.channelCount,
                    samplesPerSecond: wav.format.sampleRate))
        let expectedFrames = Int((wav.durationSeconds * 30 - 1e-9).rounded(.up))
        #expect(summary.expectedFrameCount == expectedFrames)
        #expect(summary.frameCount == expectedFrames)
        #expect(summary.weightsPerFrame == [52])
        #expect(summary.timeCodesStrictlyIncreasing)
        #expect(summary.timeCodesOnFrameGrid)
        #expect(summary.inputAudioBytes == wav.pcmBytes.count)
        #expect(summary.echoedAudioBytes == wav.pcmBytes.count)
        #expect(summary.echoedAudioEqual)
        #expect(summary.animationDataMessages > 0)
        #expect(summary.emotionAggregates == summary.animationDataMessages)
        #expect(summary.emotionAggregateErrors.isEmpty)
        let keyframe = try #require(summary.inputEmotions.first)
        #expect(keyframe.timeCode == 0)
        #expect(keyframe.emotion.keys.sorted() == ["amazement", "joy"])
        #expect(abs((keyframe.emotion["joy"] ?? 0) - 0.8) < 1e-6)
    }
}
