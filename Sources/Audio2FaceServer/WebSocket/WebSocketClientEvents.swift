import Audio2Face
import Audio2FaceClient
import HummingbirdWebSocket
import NIOCore

/// A WebSocket connection's inbound frames as transport-neutral client events. Frames are joined into
/// messages by an ``InboundMessageAssembler`` under the connection's ``MessageBudget``; each binary message
/// is decoded by ``WireCodec`` and may stand for several events. Before each read an ``InputPacer`` on
/// `clock` may hold the stream: while it waits nothing is read from the socket, so TCP pushes back on a
/// client that sends faster than its budget.
///
/// It also tells the connection's ``ActivityMonitor`` what happens: a message that starts, feeds or ends
/// the stream is activity (a body without audio is not, so empty messages cannot hold a stream slot
/// forever), and the time until the runner asks for the next event is work (inference is not idleness),
/// and so is a wait for the pacer's budget.
struct WebSocketClientEvents<C: Clock<Duration>>: AsyncSequence {
    let inbound: WebSocketInboundStream
    let budget: MessageBudget
    /// The stream's input budget, as it stands when the first message is read.
    let pacer: InputPacer<C.Instant>
    let clock: C
    let activity: ActivityMonitor<C>
    /// Called each time the pacer holds the stream back.
    let onThrottle: @Sendable () -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        var frames: WebSocketInboundStream.AsyncIterator
        var assembler: InboundMessageAssembler
        var pacer: InputPacer<C.Instant>
        let clock: C
        let activity: ActivityMonitor<C>
        let onThrottle: @Sendable () -> Void
        /// The declared audio format, once the start has been read.
        var format: PCMFormat?
        var pending: [ClientEvent] = []
        var working = false

        mutating func next() async throws -> ClientEvent? {
            if !pending.isEmpty { return pending.removeFirst() }
            if working {
                activity.endWork()
                working = false
            }
            try await waitForBudget()
            guard let message = try await nextMessage() else { return nil }
            let decoded = try WireCodec.decodeClientMessage(Array(message.readableBytesView))
            if decoded.advancesStream {
                activity.touch()
                activity.beginWork()
                working = true
            }
            charge(for: decoded)
            pending = decoded.events
            return pending.removeFirst()
        }

        /// The next complete message, or nil when the client closed.
        private mutating func nextMessage() async throws -> ByteBuffer? {
            while let frame = try await frames.next() {
                if let message = try assembler.append(opcode: frame.opcode, fin: frame.fin, payload: frame.data) {
                    return message
                }
            }
            return nil
        }

        /// Sleeps while the stream is ahead of its input budget; the wait is work, not idleness.
        private mutating func waitForBudget() async throws {
            guard case .waitUntil(let deadline) = pacer.decision(at: clock.now) else { return }
            onThrottle()
            activity.beginWork()
            defer { activity.endWork() }
            try await clock.sleep(until: deadline, tolerance: nil)
        }

        /// Notes the start's format and charges the audio a message carries to the pacer.
        private mutating func charge(for message: WireClientMessage) {
            switch message {
            case .start(let start):
                format = try? PCMFormat(
                    sampleRate: start.sampleRate, sampleWidth: start.sampleWidth, channelCount: start.channelCount)
            case .body(let pcm, _):
                guard let format, !pcm.isEmpty else { return }
                pacer.received(audioSeconds: format.durationSeconds(ofByteCount: pcm.count), at: clock.now)
            case .end:
                break
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            frames: inbound.makeAsyncIterator(), assembler: InboundMessageAssembler(budget: budget),
            pacer: pacer,
            clock: clock, activity: activity, onThrottle: onThrottle)
    }
}
