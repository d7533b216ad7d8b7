import Audio2Face
import Audio2FaceClient
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import GRPCCore
import HTTPTypes
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import NIOCore
import NvidiaA2FProtocol
import SwiftProtobuf
import Testing

/// NVIDIA's Audio2Face-3D API over real TCP with a grpc-swift client: the happy path as NVIDIA's clients
/// expect it, every error with its status, cancellation, one admission shared with the WebSocket, drain.
@Suite(.timeLimit(.minutes(2))) struct GRPCStreamTests {
    @Test("a spoken WAV in 1 s messages: header, ceil(d × 30) frames at k/30, the input echoed, event, SUCCESS, OK")
    func happyPath() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await GRPCHarness.withServers(try ServerHarness.parts()) { port, _ in
            let result = try await GRPCHarness.call(port: port, messages: GRPCHarness.messages(for: wav))
            #expect(result.error == nil)
            guard case .animationDataStreamHeader(let header) = result.responses.first?.streamPart else {
                Issue.record("the first message is not the header: \(String(describing: result.responses.first))")
                return
            }
            #expect(header.skelAnimationHeader.blendShapes == NvidiaBlendShapeNames.all)
            #expect(header.audioHeader.samplesPerSecond == UInt32(wav.format.sampleRate))
            #expect(header.audioHeader.bitsPerSample == 16)
            #expect(header.startTimeCodeSinceEpoch > 1_700_000_000)

            let frames = result.frames
            #expect(frames.count == Int((wav.durationSeconds * 30).rounded(.up)))
            for (index, frame) in frames.enumerated() {
                #expect(abs(frame.timeCode - Double(index) / 30) < 1e-9)
                #expect(frame.values.count == NvidiaBlendShapeNames.all.count)
            }
            let jawOpen = try #require(NvidiaBlendShapeNames.all.firstIndex(of: "JawOpen"))
            #expect(frames.map { $0.values[jawOpen] }.max() ?? 0 > 0.1, "the mouth never opened")
            #expect(result.echoedAudio == wav.pcmBytes)
            for data in result.animationData {
                #expect(data.metadata["emotion_aggregate"] != nil)
            }
            let tail = result.responses.suffix(2).map(\.streamPart)
            guard tail.count == 2, case .event(let event) = tail[0], case .status(let status) = tail[1] else {
                Issue.record("the stream does not end with an event and a status: \(tail)")
                return
            }
            #expect(event.eventType == .endOfA2FAudioProcessing)
            #expect(status.code == .success)
        }
    }

    @Test("any message size gives the same frames and the same echo", arguments: [0.02, 0.37, 3.0])
    func anyMessageSize(chunkSeconds: Double) async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await GRPCHarness.withServers(try ServerHarness.parts()) { port, _ in
            let result = try await GRPCHarness.call(
                port: port, messages: GRPCHarness.messages(for: wav, chunkSeconds: chunkSeconds))
            #expect(result.error == nil)
            #expect(result.frames.count == Int((wav.durationSeconds * 30).rounded(.up)))
            #expect(result.echoedAudio == wav.pcmBytes)
        }
    }

    @Test("stereo 44.1 kHz and 8-bit audio are accepted as on the WebSocket")
    func otherFormats() async throws {
        for name in ["speech-44k-stereo.wav", "speech-8bit.wav"] {
            let wav = try ServerHarness.fixture(name)
            try await GRPCHarness.withServers(try ServerHarness.parts()) { port, _ in
                let result = try await GRPCHarness.call(port: port, messages: GRPCHarness.messages(for: wav))
                #expect(result.error == nil, "\(name)")
                #expect(result.frames.count == Int((wav.durationSeconds * 30).rounded(.up)), "\(name)")
                #expect(result.echoedAudio == wav.pcmBytes, "\(name)")
            }
        }
    }

    @Test("blendshape multipliers, offsets and clamping apply to the sent weights")
    func blendShapeParameters() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await GRPCHarness.withServers(try ServerHarness.parts()) { port, _ in
            var messages = GRPCHarness.messages(for: wav)
            messages[0] = GRPCHarness.header(for: wav) {
                $0.blendshapeParams.bsWeightMultipliers = ["JawOpen": 0]
                $0.blendshapeParams.bsWeightOffsets = ["CheekPuff": 0.25, "TongueOut": 2]
                $0.blendshapeParams.enableClampingBsWeight = true
            }
            let result = try await GRPCHarness.call(port: port, messages: messages)
            #expect(result.error == nil)
            let names = NvidiaBlendShapeNames.all
            let jaw = try #require(names.firstIndex(of: "JawOpen"))
            let tongue = try #require(names.firstIndex(of: "TongueOut"))
            #expect(!result.frames.isEmpty)
            #expect(result.frames.allSatisfy { $0.values[jaw] == 0 })
            #expect(result.frames.allSatisfy { $0.values[tongue] == 1 })
        }
    }

    @Test("order errors are INVALID_ARGUMENT naming the message", arguments: OrderCase.allCases)
    func orderErrors(_ orderCase: OrderCase) async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        let header = GRPCHarness.header(for: wav)
        let audio = GRPCHarness.audio(Array(wav.pcmBytes.prefix(3_200)))
        let messages: [NvidiaAudioStream] =
            switch orderCase {
            case .audioBeforeHeader: [audio, header, GRPCHarness.endOfAudio]
            case .headerTwice: [header, audio, header, GRPCHarness.endOfAudio]
            case .emptyMessage: [header, NvidiaAudioStream(), GRPCHarness.endOfAudio]
            case .noMessages: []
            case .closedWithoutEnd: [header, audio]
            }
        try await GRPCHarness.withServers(try ServerHarness.parts()) { port, _ in
            let result = try await GRPCHarness.call(port: port, messages: messages)
            let error = try #require(result.error)
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains(orderCase.expectedWords), "\(error.message)")
        }
    }

    enum OrderCase: CaseIterable, Sendable {
        case audioBeforeHeader, headerTwice, emptyMessage, noMessages, closedWithoutEnd

        var expectedWords: String {
            switch self {
            case .audioBeforeHeader: "audio_stream_header must be the first message"
            case .headerTwice: "audio_stream_header was sent twice"
            case .emptyMessage: "stream_part"
            case .noMessages: "audio_stream_header must be the first message"
            case .closedWithoutEnd: "closed before end_of_audio"
            }
        }
    }

    @Test("an unsupported format is INVALID_ARGUMENT naming the field and the allowed values")
    func unsupportedFormat() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        let cases: [(header: NvidiaAudioStream, words: [String])] = [
            (
                GRPCHarness.header(for: wav) { $0.audioHeader.bitsPerSample = 24 },
                ["audio_header.bits_per_sample 24", "16"]
            ),
            (
                GRPCHarness.header(for: wav) { $0.audioHeader.samplesPerSecond = 4_000 },
                ["audio_header.samples_per_second 4000", "8000…48000"]
            ),
            (
                GRPCHarness.header(for: wav) { $0.audioHeader.channelCount = 0 },
                ["audio_header.channel_count 0", "1…8"]
            ),
        ]
        try await GRPCHarness.withServers(try ServerHarness.parts()) { port, _ in
            for testCase in cases {
                let result = try await GRPCHarness.call(
                    port: port, messages: [testCase.header, GRPCHarness.endOfAudio])
                let error = try #require(result.error)
                #expect(error.code == .invalidArgument)
                for word in testCase.words { #expect(error.message.contains(word), "\(error.message)") }
            }
        }
    }

    @Test("a message over server.max_message_bytes is RESOURCE_EXHAUSTED; the next call is served")
    func messageTooLarge() async throws {
        var config = ServiceConfig()
        config.server.maxMessageBytes = 16_384
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await GRPCHarness.withServers(try ServerHarness.parts(config: config)) { port, _ in
            let tooLarge = [
                GRPCHarness.header(for: wav), GRPCHarness.audio(Array(wav.pcmBytes.prefix(40_000))),
                GRPCHarness.endOfAudio,
            ]
            let refused = try await GRPCHarness.call(port: port, messages: tooLarge)
            #expect(refused.error?.code == .resourceExhausted, "\(String(describing: refused.error))")
            #expect(refused.error?.message.contains("server.max_message_bytes (16384 bytes)") == true)
            #expect(refused.error?.message.contains("audio_with_emotion.audio_buffer has 40000 bytes") == true)
            let served = try await GRPCHarness.call(
                port: port, messages: GRPCHarness.messages(for: wav, chunkSeconds: 0.25))
            #expect(served.error == nil)
        }
    }

    @Test("without the API key UNAUTHENTICATED; with `authorization: Bearer KEY` served")
    func apiKey() async throws {
        var config = ServiceConfig()
        config.auth.enabled = true
        let parts = try ServerHarness.parts(config: config, apiKeys: APIKeyStore(keys: ["sesame"]))
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await GRPCHarness.withServers(parts) { port, _ in
            for metadata: Metadata in [[:], ["authorization": "Bearer wrong"]] {
                let refused = try await GRPCHarness.call(
                    port: port, messages: GRPCHarness.messages(for: wav), metadata: metadata)
                #expect(refused.error?.code == .unauthenticated)
                #expect(refused.error?.message.contains("authorization: Bearer") == true)
            }
            let served = try await GRPCHarness.call(
                port: port, messages: GRPCHarness.messages(for: wav), metadata: ["authorization": "Bearer sesame"])
            #expect(served.error == nil)
            #expect(!served.frames.isEmpty)
        }
    }

    @Test("an engine failure sends a status ERROR, then ends INTERNAL")
    func engineFailure() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await GRPCHarness.withServers(try ServerHarness.parts(engine: FailingEngine())) { port, _ in
            let result = try await GRPCHarness.call(port: port, messages: GRPCHarness.messages(for: wav))
            #expect(result.error?.code == .internalError)
            #expect(result.statuses.last?.code == .error)
        }
    }

    @Test("one admission for both APIs: a gRPC stream and a WebSocket stream fill a limit of 2")
    func sharedAdmission() async throws {
        var config = ServiceConfig()
        config.limits.maxConcurrentStreams = 2
        config.limits.maxStreamsPerClient = 0
        let controls = ServiceControls(config: config)
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await GRPCHarness.withServers(try ServerHarness.parts(config: config), controls: controls) { port, http in
            let (admitted, admittedSink) = AsyncStream.makeStream(of: Void.self)
            let heldGRPC = Task { try await GRPCHarness.holdOpenCall(port: port, wav: wav, admitted: admittedSink) }
            let heldWebSocket = Task {
                try await http.ws(ServerHarness.path) { inbound, outbound, _ in
                    let start = WireCodec.encodeClientMessage(.start(StreamStart(requestID: "held")))
                    try await outbound.write(.binary(ByteBuffer(bytes: start)))
                    var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                    _ = try await messages.next()
                    admittedSink.yield()
                    try await Task.sleep(for: .seconds(60))
                }
            }
            var admittedIterator = admitted.makeAsyncIterator()
            _ = await admittedIterator.next()
            _ = await admittedIterator.next()
            #expect(controls.admission.activeStreams == 2)

            let refused = try await GRPCHarness.call(port: port, messages: GRPCHarness.messages(for: wav))
            #expect(refused.error?.code == .resourceExhausted)
            #expect(refused.error?.message.contains("capacity") == true)

            heldGRPC.cancel()
            heldWebSocket.cancel()
            _ = await heldGRPC.result
            _ = await heldWebSocket.result
            try await ServerHarness.waitForNoActiveStreams(controls)
            let served = try await GRPCHarness.call(port: port, messages: GRPCHarness.messages(for: wav))
            #expect(served.error == nil)
        }
    }

    @Test("a client that cancels mid-stream frees its slot")
    func cancellation() async throws {
        let controls = ServiceControls(config: ServiceConfig())
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await GRPCHarness.withServers(try ServerHarness.parts(), controls: controls) { port, _ in
            let (admitted, admittedSink) = AsyncStream.makeStream(of: Void.self)
            let call = Task { try await GRPCHarness.holdOpenCall(port: port, wav: wav, admitted: admittedSink) }
            var admittedIterator = admitted.makeAsyncIterator()
            _ = await admittedIterator.next()
            #expect(controls.admission.activeStreams == 1)
            call.cancel()
            _ = await call.result
            try await ServerHarness.waitForNoActiveStreams(controls)
        }
    }

    @Test("health: SERVING when warm, NOT_SERVING while draining; new calls are UNAVAILABLE then")
    func healthAndDrain() async throws {
        let controls = ServiceControls(config: ServiceConfig())
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await GRPCHarness.withServers(try ServerHarness.parts(), controls: controls) { port, _ in
            #expect(try await GRPCHarness.health(port: port, service: "") == .serving)
            #expect(
                try await GRPCHarness.health(
                    port: port, service: NvidiaA2FControllerService.descriptor.fullyQualifiedService)
                    == .serving)
            await #expect(throws: RPCError.self) { try await GRPCHarness.health(port: port, service: "other") }
            controls.readiness.beginDraining()
            controls.admission.stopAdmitting()
            #expect(try await GRPCHarness.health(port: port, service: "") == .notServing)
            let refused = try await GRPCHarness.call(port: port, messages: GRPCHarness.messages(for: wav))
            #expect(refused.error?.code == .unavailable)
        }
    }

    @Test("metrics count gRPC streams under transport=\"grpc\"")
    func metricsLabel() async throws {
        let wav = try ServerHarness.fixture("speech-short.wav")
        // The HTTP test client connects when the server starts and sends its first request only after the
        // gRPC stream: on a loaded machine that can pass the 10 s header-read timeout.
        var config = ServiceConfig()
        config.server.headerReadTimeoutSeconds = 600
        try await GRPCHarness.withServers(try ServerHarness.parts(config: config)) { port, http in
            _ = try await GRPCHarness.call(port: port, messages: GRPCHarness.messages(for: wav))
            let text = try await http.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(text.contains("audio2face_streams_started_total{transport=\"grpc\"} 1"), "\(text)")
            #expect(text.contains("transport=\"grpc\""))
        }
    }
}
