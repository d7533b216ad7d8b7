import Audio2Face
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// Serves the streaming WebSocket endpoint: one ``StreamRunner`` per connection, wire messages decoded
/// and encoded by ``WireCodec``, failures turned into close frames by ``CloseReason``.
struct StreamingController: Sendable {
    /// The reference service's WebSocket path.
    static let path = "/api/v1/streaming_audio2face/ws"

    let environment: StreamEnvironment
    let readiness: Readiness
    let maxMessageBytes: Int

    /// Handles one upgraded connection until the stream ends, fails, idles out or the client leaves.
    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async {
        await readiness.waitUntilReady()
        let activity = ActivityClock()
        let idleLimit = Duration.milliseconds(Int64(environment.streaming.requestExpireSeconds * 1_000))
        let outcome: StreamOutcome = await withTaskGroup(of: StreamOutcome.self) { group in
            group.addTask {
                await runStream(inbound: inbound, outbound: outbound, activity: activity, logger: logger)
            }
            group.addTask {
                do {
                    try await activity.waitForIdle(longerThan: idleLimit)
                    return .failed(.idleTimeout(seconds: environment.streaming.requestExpireSeconds))
                } catch {
                    return .cancelled
                }
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            if case .failed = first {
                // Closing makes the message loop's inbound sequence end, so the group can finish.
                await close(outbound, first.closeReason, logger: logger)
            }
            return first
        }
        if case .failed(let error) = outcome {
            logger.warning(
                "stream failed",
                metadata: ["stream.close_code": .stringConvertible(CloseReason(error).numericCode), "stream.reason": .string(error.description)])
        }
    }

    private func runStream(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, activity: ActivityClock, logger: Logger
    ) async -> StreamOutcome {
        var runner = StreamRunner(environment: environment, logger: logger)
        let dtype = environment.streaming.dtype
        do {
            for try await message in inbound.messages(maxSize: maxMessageBytes) {
                activity.touch()
                guard case .binary(let buffer) = message else {
                    throw StreamError.protocolViolation(
                        "text frames are not part of the protocol; send binary protobuf messages")
                }
                let decoded = try WireCodec.decodeClientMessage(Array(buffer.readableBytesView))
                let finished = try await runner.handle(decoded) { reply in
                    let bytes = WireCodec.encodeServerMessage(reply, dtype: dtype)
                    try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                    activity.touch()
                }
                if finished { return .completed }
            }
            return .clientLeft
        } catch let error as StreamError {
            return .failed(error)
        } catch {
            logger.debug("connection ended", metadata: ["error": .string("\(error)")])
            return .clientLeft
        }
    }

    private func close(_ outbound: WebSocketOutboundWriter, _ reason: CloseReason, logger: Logger) async {
        do {
            try await outbound.close(reason.code, reason: reason.text)
        } catch {
            logger.debug("could not send close frame", metadata: ["error": .string("\(error)")])
        }
    }
}

/// How a connection's stream ended.
enum StreamOutcome: Sendable {
    case completed
    case clientLeft
    case failed(StreamError)
    case cancelled

    var closeReason: CloseReason {
        if case .failed(let error) = self { return CloseReason(error) }
        return CloseReason(code: .normalClosure, text: "")
    }
}
