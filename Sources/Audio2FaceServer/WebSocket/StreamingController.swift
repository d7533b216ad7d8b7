import Audio2Face
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// The WebSocket adapter of the stream core: under a ``StreamSupervisor`` (admission, readiness, the
/// idle and drain race), turns the connection's messages into client events
/// (``WebSocketClientMessages``, paced by ``PacedClientEvents``), runs one ``StreamRunner`` into a
/// ``WebSocketFrameSink``, and closes with the code ``WebSocketCloseTable`` assigns.
struct StreamingController: Sendable {
    /// The reference service's WebSocket path.
    static let path = "/api/v1/streaming_audio2face/ws"

    let supervisor: StreamSupervisor
    let maxMessageBytes: Int

    init(environment: StreamEnvironment, controls: ServiceControls, maxMessageBytes: Int) {
        supervisor = StreamSupervisor(environment: environment, controls: controls, transport: .websocket)
        self.maxMessageBytes = maxMessageBytes
    }

    /// Handles one upgraded connection until the stream ends, fails, idles out or the client leaves;
    /// with `output`, a copy of the frames goes to that live output at their frame times.
    /// Broken framing and oversized frames arrive as ``StreamError``s (``ClientFrameRules``) and close
    /// through the table like any failure; other errors of the connection itself are rethrown.
    func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, client: String, channel: any Channel,
        output: LiveOutputRoutes.Route? = nil, logger: Logger
    ) async throws {
        let logger = supervisor.streamLogger(client: client, logger)
        let metrics = supervisor.controls.metrics
        let maxMessageBytes = maxMessageBytes
        let adapter = StreamSupervisor.Adapter<WebSocketCloseTable>(
            refuse: { ending in await refuse(inbound: inbound, outbound: outbound, ending, logger: logger) },
            run: { environment, activity, logger in
                var runner = StreamRunner(environment: environment, logger: logger)
                let limits = environment.limits
                let events = PacedClientEvents(
                    source: WebSocketClientMessages(
                        inbound: inbound, budget: MessageBudget(maxMessageBytes: maxMessageBytes)),
                    pacer: InputPacer(
                        maxSpeedup: limits.maxInputSpeedup, burstSeconds: limits.inputBurstSeconds,
                        now: activity.clock.now),
                    clock: activity.clock, activity: activity, onThrottle: { metrics.inputReadThrottled() })
                var sink = WebSocketFrameSink(
                    outbound: outbound, dtype: environment.streaming.dtype, activity: activity)
                guard let output else { return await runner.run(events, into: &sink) }
                let sender = LiveOutputSender(
                    socket: output.socket, framesPerSecond: environment.streaming.framesPerSecond,
                    counts: LiveOutputCounts(onDrop: metrics.outputFrameDropped(output: output.name)),
                    makeEncoder: output.config.kind.encoderFactory(
                        subjectName: output.name, framesPerSecond: environment.streaming.framesPerSecond))
                // The sender finishes the frames fed at their frame times after the stream has ended; it
                // never holds up the stream or its close.
                Task { await sender.run(clock: ContinuousClock()) }
                defer { sender.feed.finish() }
                var feedingSink = LiveOutputFeedSink(transport: sink, feed: sender.feed)
                return await runner.run(
                    OutputProfileEvents(events: events, profile: output.config.profile), into: &feedingSink)
            },
            ended: { ending in
                // Closing makes the runner's inbound sequence end, so the race can finish; a client that
                // does not read cannot take a close frame either, so it is cut off.
                if let reason = WebSocketCloseTable.closeReason(for: ending) {
                    await close(outbound, reason, orDrop: channel, logger: logger)
                }
            })
        let ending = await supervisor.serve(client: client, adapter: adapter, logger: logger)
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
