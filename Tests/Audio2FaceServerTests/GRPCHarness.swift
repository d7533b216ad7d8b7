import Audio2Face
import Audio2FaceServer
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import HummingbirdTesting
import Logging
import NvidiaA2FProtocol
import SwiftProtobuf
import Testing

/// Starts the real WebSocket server and the gRPC endpoint beside it (one set of controls: admission,
/// readiness, metrics) on free ports, and calls NVIDIA's API through a real grpc-swift client over TCP.
enum GRPCHarness {
    /// Runs `body` with the gRPC port, a client of the HTTP server and the shared controls.
    static func withServers(
        _ parts: ServiceParts, controls: ServiceControls? = nil, logger: Logger = Logger(label: "test-grpc"),
        _ body: @escaping @Sendable (_ grpcPort: Int, _ http: any TestClientProtocol) async throws -> Void
    ) async throws {
        var parts = parts
        parts.config.grpc.port = 0
        let controls = controls ?? ServiceControls(config: parts.config)
        try await ServerHarness.withServer(parts, controls: controls, logger: logger) { [parts] http in
            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            let endpoint = GRPCEndpoint(
                parts: parts, controls: controls, logger: logger, onListening: { portSink.yield($0) })
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await endpoint.run() }
                var iterator = ports.makeAsyncIterator()
                let port = try #require(await iterator.next())
                try await controls.readiness.waitUntilReady()
                try await body(port, http)
                group.cancelAll()
            }
        }
    }

    /// Runs `body` with an A2F client connected to `port`.
    static func withClient<Result: Sendable>(
        port: Int,
        _ body:
            @escaping @Sendable (NvidiaA2FControllerService.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext,
            config: .defaults { $0.connection.maxIdleTime = nil })
        return try await withGRPCClient(transport: transport) { client in
            try await body(NvidiaA2FControllerService.Client(wrapping: client))
        }
    }

    /// What one call produced: every response message in order, and the error that ended it (nil: OK).
    struct CallResult: Sendable {
        var responses: [NvidiaAnimationStream]
        var error: RPCError?

        /// The `animation_data` messages.
        var animationData: [NvidiaAnimationData] {
            responses.compactMap {
                if case .animationData(let data) = $0.streamPart { data } else { nil }
            }
        }

        /// Every frame's time code and weights, in order.
        var frames: [NvidiaFloatArrayWithTimeCode] { animationData.flatMap(\.skelAnimation.blendShapeWeights) }

        /// The echoed audio, joined.
        var echoedAudio: [UInt8] { animationData.flatMap { [UInt8]($0.audio.audioBuffer) } }

        /// The in-band statuses, in order.
        var statuses: [NvidiaStatus] {
            responses.compactMap {
                if case .status(let status) = $0.streamPart { status } else { nil }
            }
        }
    }

    /// Sends `messages` on one call (with `metadata` and `options`), then reads the whole response.
    static func call(
        port: Int, messages: [NvidiaAudioStream], metadata: Metadata = [:], options: CallOptions = .defaults
    ) async throws -> CallResult {
        try await withClient(port: port) { client in
            do {
                let responses = try await client.processAudioStream(
                    metadata: metadata, options: options,
                    requestProducer: { writer in
                        for message in messages { try await writer.write(message) }
                    },
                    onResponse: { response in
                        var collected: [NvidiaAnimationStream] = []
                        do {
                            for try await message in response.messages { collected.append(message) }
                        } catch let error as RPCError {
                            return CallResult(responses: collected, error: error)
                        }
                        return CallResult(responses: collected, error: nil)
                    })
                return responses
            } catch let error as RPCError {
                return CallResult(responses: [], error: error)
            }
        }
    }

    /// Opens a call, sends the header and some audio, yields `admitted` once the server has answered
    /// with its header, and keeps the call open until the task is cancelled.
    static func holdOpenCall(port: Int, wav: WAVFile, admitted: AsyncStream<Void>.Continuation) async throws {
        try await withClient(port: port) { client in
            try await client.processAudioStream(
                requestProducer: { writer in
                    try await writer.write(header(for: wav))
                    try await writer.write(audio(Array(wav.pcmBytes.prefix(3_200))))
                    try await Task.sleep(for: .seconds(60))
                },
                onResponse: { response in
                    for try await message in response.messages {
                        if case .animationDataStreamHeader = message.streamPart { admitted.yield() }
                    }
                })
        }
    }

    /// `grpc.health.v1.Health/Check` for `service`.
    static func health(
        port: Int, service: String
    ) async throws -> Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { client in
            try await GRPCHealthService.Client(wrapping: client).check(.with { $0.service = service }).status
        }
    }

    /// The header message for `wav`'s format, with `configure` applied to it.
    static func header(
        for wav: WAVFile, _ configure: (inout NvidiaAudioStreamHeader) -> Void = { _ in }
    ) -> NvidiaAudioStream {
        var header = NvidiaAudioStreamHeader()
        header.audioHeader = NvidiaAudioHeader.with {
            $0.audioFormat = .pcm
            $0.channelCount = UInt32(wav.format.channelCount)
            $0.samplesPerSecond = UInt32(wav.format.sampleRate)
            $0.bitsPerSample = UInt32(wav.format.sampleWidth * 8)
        }
        configure(&header)
        return NvidiaAudioStream.with { $0.audioStreamHeader = header }
    }

    /// One audio message.
    static func audio(_ bytes: [UInt8], emotions: [NvidiaEmotionWithTimeCode] = []) -> NvidiaAudioStream {
        NvidiaAudioStream.with {
            $0.audioWithEmotion = NvidiaAudioWithEmotion.with {
                $0.audioBuffer = Data(bytes)
                $0.emotions = emotions
            }
        }
    }

    /// The end of the audio.
    static let endOfAudio = NvidiaAudioStream.with { $0.endOfAudio = NvidiaAudioStream.EndOfAudio() }

    /// A whole stream for `wav`: header, audio in chunks of `chunkSeconds`, end.
    static func messages(for wav: WAVFile, chunkSeconds: Double = 1) -> [NvidiaAudioStream] {
        let bytesPerFrame = wav.format.sampleWidth * wav.format.channelCount
        let chunk = max(bytesPerFrame, Int(chunkSeconds * Double(wav.format.sampleRate)) * bytesPerFrame)
        let pcm = wav.pcmBytes
        let chunks = stride(from: 0, to: pcm.count, by: chunk).map { Array(pcm[$0..<min($0 + chunk, pcm.count)]) }
        return [header(for: wav)] + chunks.map { audio($0) } + [endOfAudio]
    }
}
