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
    let controls: ServiceControls
    let maxMessageBytes: Int

    /// Handles one upgraded connection until the stream ends, fails, idles out or the client leaves.
    /// Over the stream limits, the connection is closed at once with 1013 (try again later). Errors of
    /// the WebSocket layer itself (a fragmented message over the size limit, a broken frame) are rethrown
    /// so that the WebSocket handler closes with the code it assigns them (1009, 1002, ...).
    func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, client: String, channel: any Channel,
        logger: Logger
    ) async throws {
        do {
            try controls.admission.admit(client: client)
        } catch {
            logger.warning("stream refused", metadata: ["stream.reason": .string(error.description)])
            controls.metrics.connectionRefused(reason: error.metricsLabel)
            await refuse(inbound: inbound, outbound: outbound, error.closeReason, logger: logger)
            return
        }
        controls.metrics.streamAdmitted()
        var ending = (outcome: "client_left", closeCode: "none")
        defer {
            controls.admission.release(client: client)
            controls.metrics.streamEnded(outcome: ending.outcome, closeCode: ending.closeCode)
        }
        do {
            try await controls.readiness.waitUntilReady()
        } catch let error as Readiness.Unavailable {
            let reason = switch error {
            case .warmUpFailed: CloseReason(code: .unexpectedServerError, text: error.description)
            case .draining: CloseReason(code: .goingAway, text: error.description)
            }
            ending = (error == .draining ? "shutting_down" : "warmup_failed", "\(reason.numericCode)")
            await refuse(inbound: inbound, outbound: outbound, reason, logger: logger)
            return
        } catch {
            return  // the connection went away while waiting
        }
        let activity = ActivityClock()
        let idleLimit = Duration.milliseconds(Int64(environment.streaming.requestExpireSeconds * 1_000))
        let outcome: StreamOutcome = await withTaskGroup(of: StreamOutcome.self) { group in
            group.addTask {
                await runStream(inbound: inbound, outbound: outbound, activity: activity, logger: logger)
            }
            group.addTask {
                do {
                    let seconds = environment.streaming.requestExpireSeconds
                    switch try await activity.waitForStall(longerThan: idleLimit) {
                    case .idle: return .failed(.idleTimeout(seconds: seconds))
                    case .notReading: return .failed(.clientNotReading(seconds: seconds))
                    }
                } catch {
                    return .cancelled
                }
            }
            group.addTask {
                do {
                    try await controls.drainDeadline.wait()
                    return .goingAway
                } catch {
                    return .cancelled
                }
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            if first.closesConnection {
                // Closing makes the message loop's inbound sequence end, so the group can finish; a
                // client that does not read cannot take a close frame either, so it is cut off.
                await close(outbound, first.closeReason, orDrop: channel, logger: logger)
            }
            return first
        }
        ending = outcome.metricsLabels
        switch outcome {
        case .failed(let error):
            logger.warning(
                "stream failed",
                metadata: ["stream.close_code": .stringConvertible(CloseReason(error).numericCode), "stream.reason": .string(error.description)])
        case .connectionFailed(let error):
            logger.debug("connection ended", metadata: ["error": .string("\(error)")])
            throw error
        case .goingAway:
            logger.warning("stream closed by shutdown", metadata: ["stream.close_code": "1001"])
        case .completed, .clientLeft, .cancelled:
            break
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
                activity.beginWork()
                defer { activity.endWork() }
                let decoded = try WireCodec.decodeClientMessage(Array(buffer.readableBytesView))
                let finished = try await runner.handle(decoded) { reply in
                    let bytes = WireCodec.encodeServerMessage(reply, dtype: dtype)
                    activity.beginWrite()
                    try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                    activity.endWrite()
                }
                if finished { return .completed }
            }
            return .clientLeft
        } catch let error as StreamError {
            return .failed(error)
        } catch {
            return .connectionFailed(error)
        }
    }

    /// Closes a stream that will not be served once the client has sent its first message (or after
    /// ``refusalWait``). A close frame sent together with the upgrade response can be lost by a client
    /// still switching protocols (swift-websocket's client then never sees it and never closes), so the
    /// server waits until the client shows it is past the upgrade.
    private func refuse(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, _ reason: CloseReason, logger: Logger
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var messages = inbound.messages(maxSize: maxMessageBytes).makeAsyncIterator()
                _ = try? await messages.next()
            }
            group.addTask { try? await Task.sleep(for: Self.refusalWait) }
            await group.next()
            group.cancelAll()
        }
        await close(outbound, reason, logger: logger)
    }

    /// Longest wait for a refused client's first message before the close frame is sent anyway.
    static let refusalWait = Duration.seconds(2)

    private func close(_ outbound: WebSocketOutboundWriter, _ reason: CloseReason, logger: Logger) async {
        do {
            try await outbound.close(reason.code, reason: reason.text)
        } catch {
            logger.debug("could not send close frame", metadata: ["error": .string("\(error)")])
        }
    }

    /// Sends the close frame, or, when it cannot be written within ``closeFrameTimeout`` (the client
    /// stopped reading), closes the connection without one.
    private func close(
        _ outbound: WebSocketOutboundWriter, _ reason: CloseReason, orDrop channel: any Channel, logger: Logger
    ) async {
        let sent = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await close(outbound, reason, logger: logger)
                return true
            }
            group.addTask {
                do {
                    try await Task.sleep(for: Self.closeFrameTimeout)
                    return false
                } catch {
                    return true
                }
            }
            let first = await group.next() ?? true
            group.cancelAll()
            return first
        }
        if !sent {
            logger.debug("close frame not delivered; dropping the connection")
            try? await channel.close().get()
        }
    }

    /// How long a close frame may take to go out before the connection is dropped.
    static let closeFrameTimeout = Duration.seconds(2)
}

/// How a connection's stream ended.
enum StreamOutcome: Sendable {
    case completed
    case clientLeft
    case failed(StreamError)
    /// The WebSocket connection failed underneath the stream (oversized or broken frames, a lost socket).
    case connectionFailed(any Error)
    /// The service's drain timeout passed while the stream was still running.
    case goingAway
    case cancelled

    /// Whether the server closes the connection itself (the other outcomes end it by returning).
    var closesConnection: Bool {
        switch self {
        case .failed, .goingAway: true
        case .completed, .clientLeft, .connectionFailed, .cancelled: false
        }
    }

    /// How the stream ended and the close code sent, as metric labels.
    var metricsLabels: (outcome: String, closeCode: String) {
        switch self {
        case .completed: ("completed", "1000")
        case .clientLeft, .cancelled: ("client_left", "none")
        case .connectionFailed: ("connection_failed", "none")
        case .failed: ("failed", "\(closeReason.numericCode)")
        case .goingAway: ("shutdown", "\(closeReason.numericCode)")
        }
    }

    var closeReason: CloseReason {
        switch self {
        case .failed(let error): CloseReason(error)
        case .goingAway: CloseReason(code: .goingAway, text: "server is shutting down; drain timeout reached")
        case .completed, .clientLeft, .connectionFailed, .cancelled: CloseReason(code: .normalClosure, text: "")
        }
    }
}
