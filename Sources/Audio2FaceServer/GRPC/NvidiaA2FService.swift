import Audio2Face
import Foundation
import GRPCCore
import Logging
import NvidiaA2FProtocol
import SwiftProtobuf

/// The gRPC adapter of the stream core: NVIDIA's `A2FControllerService.ProcessAudioStream`. Under the
/// same ``StreamSupervisor`` as the WebSocket (one admission, readiness, idle and drain race), it turns
/// the call's messages into client events (``NvidiaClientMessages``, paced by ``PacedClientEvents``),
/// runs one ``StreamRunner`` into an ``NvidiaFrameSink``, and ends the call with the status
/// ``GRPCStatusTable`` assigns.
struct NvidiaA2FService: NvidiaA2FControllerService.ServiceProtocol {
    let supervisor: StreamSupervisor
    /// The accepted API keys (gRPC metadata `authorization: Bearer KEY`); nil when the service is open.
    let apiKeys: APIKeyStore?
    let presets: NvidiaEmotionPresets
    /// The profile every gRPC stream uses.
    let profileName: String
    /// Largest message the transport accepts (`server.max_message_bytes`).
    let maxMessageBytes: Int
    let logger: Logger

    func processAudioStream(
        request: StreamingServerRequest<NvidiaAudioStream>, context: ServerContext
    ) async throws -> StreamingServerResponse<NvidiaAnimationStream> {
        var logger = logger
        let client = Self.clientAddress(of: context.remotePeer)
        logger[metadataKey: "client"] = .string(client)
        // NVIDIA's clients send no stream name; one in `x-request-id` metadata is used when present.
        let requestID = request.metadata[stringValues: "x-request-id"].first(where: { _ in true }).map { String($0) }
        if let apiKeys, !Self.isAuthorized(request.metadata, keys: apiKeys) {
            logger.warning("stream refused", metadata: ["stream.reason": "missing or invalid API key"])
            supervisor.controls.metrics.connectionRefused(reason: "unauthorized", transport: .grpc)
            return StreamingServerResponse(
                error: RPCError(
                    code: .unauthenticated,
                    message: "missing or invalid API key: send the gRPC metadata `authorization: Bearer <key>`"))
        }
        return StreamingServerResponse { [logger] writer in
            try await serve(
                request.messages, writer: writer, client: client,
                requestID: requestID ?? UUID().uuidString, logger: logger)
            return [:]
        }
    }

    /// Runs one stream and throws the error its ending calls for (returns when it ends OK).
    private func serve(
        _ messages: RPCAsyncSequence<NvidiaAudioStream, any Error>, writer: RPCWriter<NvidiaAnimationStream>,
        client: String, requestID: String, logger: Logger
    ) async throws {
        let logger = supervisor.streamLogger(client: client, logger)
        let metrics = supervisor.controls.metrics
        let adapter = StreamSupervisor.Adapter<GRPCStatusTable>(
            refuse: { _ in },  // the call ends with the refusal's status below
            run: { environment, activity, logger in
                var runner = StreamRunner(environment: environment, logger: logger)
                let ledger = NvidiaStreamLedger()
                let limits = environment.limits
                let events = PacedClientEvents(
                    source: NvidiaClientMessages(
                        messages: messages.makeAsyncIterator(), ledger: ledger, profileName: profileName,
                        requestID: requestID, maxMessageBytes: maxMessageBytes),
                    pacer: InputPacer(
                        maxSpeedup: limits.maxInputSpeedup, burstSeconds: limits.inputBurstSeconds,
                        now: activity.clock.now),
                    clock: activity.clock, activity: activity, onThrottle: { metrics.inputReadThrottled() })
                var sink = NvidiaFrameSink(
                    writer: writer, ledger: ledger, presets: presets,
                    frameRate: Double(environment.streaming.framesPerSecond), activity: activity,
                    unixTime: { Date().timeIntervalSince1970 })
                let outcome = await runner.run(events, into: &sink)
                guard case .transportFailed(let error) = outcome else { return outcome }
                if Task.isCancelled { return .clientLeft }
                logger.debug("call ended", metadata: ["error": .string("\(error)")])
                return outcome
            },
            ended: { _ in })
        let ending = await supervisor.serve(client: client, adapter: adapter, logger: logger)
        guard let error = GRPCStatusTable.error(for: ending) else { return }
        switch ending {
        case .ran(.failed(let failure)):
            logger.warning(
                "stream failed", metadata: ["stream.status": "\(error.code)", "stream.reason": .string(error.message)])
            if !failure.isClientFault {
                // NVIDIA's clients read an ERROR status on the stream before the call's own status.
                try? await writer.write(
                    NvidiaAnimationStream.with {
                        $0.status = NvidiaStatus.with {
                            $0.code = .error
                            $0.message = error.message
                        }
                    })
            }
        case .drainTimeout:
            logger.warning("stream closed by shutdown", metadata: ["stream.status": "\(error.code)"])
        default:
            break
        }
        throw error
    }

    /// Whether the call carries `authorization: Bearer KEY` with an accepted key.
    static func isAuthorized(_ metadata: Metadata, keys: APIKeyStore) -> Bool {
        let prefix = "bearer "
        return metadata[stringValues: "authorization"].contains { value in
            value.lowercased().hasPrefix(prefix) && keys.accepts(value.dropFirst(prefix.count))
        }
    }

    /// The client's address without its port, from a peer description such as `ipv4:127.0.0.1:5000` or
    /// `ipv6:[::1]:5000`, for the per-client limit.
    static func clientAddress(of peer: String) -> String {
        var address = Substring(peer)
        for scheme in ["ipv4:", "ipv6:", "unix:"] where address.hasPrefix(scheme) {
            address = address.dropFirst(scheme.count)
        }
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<close])
        }
        if let colon = address.lastIndex(of: ":"), !address[..<colon].contains(":") {
            return String(address[..<colon])
        }
        return String(address)
    }
}
