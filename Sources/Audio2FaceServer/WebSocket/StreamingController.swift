import Audio2Face
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// The WebSocket adapter of the stream core: admits the connection, turns its messages into client
/// events (``WebSocketClientEvents``), runs one ``StreamRunner`` into a ``WebSocketFrameSink``, races it
/// against the idle watchdog and the drain deadline, and closes with the code ``WebSocketCloseTable``
/// assigns.
struct StreamingController: Sendable {
    /// The reference service's WebSocket path.
    static let path = "/api/v1/streaming_audio2face/ws"

    let environment: StreamEnvironment
    let controls: ServiceControls
    let maxMessageBytes: Int

    /// Handles one upgraded connection until the stream ends, fails, idles out or the client leaves.
    /// Errors of the WebSocket layer itself (a broken frame, a frame over the size limit) are rethrown so
    /// that the WebSocket handler closes with the code it assigns them (1009, 1002, ...).
    func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, client: String, channel: any Channel,
        logger: Logger
    ) async throws {
        do {
            try controls.admission.admit(client: client)
        } catch {
            logger.warning("stream refused", metadata: ["stream.reason": .string(error.description)])
            controls.metrics.connectionRefused(reason: error.metricsLabel)
            await refuse(inbound: inbound, outbound: outbound, .refused(error), logger: logger)
            return
        }
        controls.metrics.streamAdmitted()
        var ending = StreamEnding.ran(.clientLeft)
        defer {
            controls.admission.release(client: client)
            let labels = WebSocketCloseTable.metricsLabels(for: ending)
            controls.metrics.streamEnded(outcome: labels.outcome, closeCode: labels.closeCode)
        }
        do {
            try await controls.readiness.waitUntilReady()
        } catch let error as Readiness.Unavailable {
            ending = .unavailable(error)
            await refuse(inbound: inbound, outbound: outbound, ending, logger: logger)
            return
        } catch {
            return  // the connection went away while waiting
        }
        ending = await run(inbound: inbound, outbound: outbound, channel: channel, logger: logger)
        let closeReason = WebSocketCloseTable.closeReason(for: ending)
        let closeCode = closeReason.map { "\($0.numericCode)" } ?? "none"
        switch ending {
        case .ran(.failed):
            logger.warning(
                "stream failed",
                metadata: ["stream.close_code": .string(closeCode), "stream.reason": .string(closeReason?.text ?? "")])
        case .ran(.transportFailed(let error)):
            logger.debug("connection ended", metadata: ["error": .string("\(error)")])
            throw error
        case .drainTimeout:
            logger.warning("stream closed by shutdown", metadata: ["stream.close_code": .string(closeCode)])
        case .ran(.completed), .ran(.clientLeft), .cancelled, .refused, .unavailable:
            break
        }
    }

    /// Runs the stream against the watchdog and the drain deadline; whichever ends first decides, and a
    /// close frame from the table is sent when the server ends the stream itself.
    private func run(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel, logger: Logger
    ) async -> StreamEnding {
        let clock = ContinuousClock()
        let activity = ActivityMonitor(clock: clock)
        let streaming = environment.streaming
        let limits = environment.limits
        let metrics = controls.metrics
        let idleLimit = Duration.milliseconds(Int64(streaming.requestExpireSeconds * 1_000))
        return await withTaskGroup(of: StreamEnding.self) { group in
            group.addTask {
                var runner = StreamRunner(environment: environment, logger: logger)
                let events = WebSocketClientEvents(
                    inbound: inbound, budget: MessageBudget(maxMessageBytes: maxMessageBytes),
                    pacer: InputPacer(
                        maxSpeedup: limits.maxInputSpeedup, burstSeconds: limits.inputBurstSeconds, now: clock.now),
                    clock: clock, activity: activity, onThrottle: { metrics.inputReadThrottled() })
                var sink = WebSocketFrameSink(outbound: outbound, dtype: streaming.dtype, activity: activity)
                return .ran(await runner.run(events, into: &sink))
            }
            group.addTask {
                do {
                    switch try await activity.waitForStall(longerThan: idleLimit) {
                    case .idle: return .ran(.failed(.idleTimeout(seconds: streaming.requestExpireSeconds)))
                    case .notReading: return .ran(.failed(.clientNotReading(seconds: streaming.requestExpireSeconds)))
                    }
                } catch {
                    return .cancelled
                }
            }
            group.addTask {
                do {
                    try await controls.drainDeadline.wait()
                    return .drainTimeout
                } catch {
                    return .cancelled
                }
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            if let reason = WebSocketCloseTable.closeReason(for: first) {
                // Closing makes the runner's inbound sequence end, so the group can finish; a client that
                // does not read cannot take a close frame either, so it is cut off.
                await close(outbound, reason, orDrop: channel, logger: logger)
            }
            return first
        }
    }

    /// Closes a stream that will not be served once the client has sent its first frame (or after
    /// ``refusalWait``). A close frame sent together with the upgrade response can be lost by a client
    /// still switching protocols (swift-websocket's client then never sees it and never closes), so the
    /// server waits until the client shows it is past the upgrade.
    private func refuse(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, _ ending: StreamEnding, logger: Logger
    ) async {
        guard let reason = WebSocketCloseTable.closeReason(for: ending) else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // One frame, not a whole message: a refused client's fragments are never collected.
                var frames = inbound.makeAsyncIterator()
                _ = try? await frames.next()
            }
            group.addTask { try? await Task.sleep(for: Self.refusalWait) }
            await group.next()
            group.cancelAll()
        }
        await close(outbound, reason, logger: logger)
    }

    /// Longest wait for a refused client's first frame before the close frame is sent anyway.
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
