import Audio2Face
import Audio2FaceClient
import HummingbirdWebSocket
import NIOCore

/// A WebSocket connection's inbound messages as transport-neutral client events: each binary message is
/// decoded by ``WireCodec`` and may stand for several events. It also tells the connection's
/// ``ActivityMonitor`` what happens: a message that starts, feeds or ends the stream is activity (a
/// body without audio is not, so empty messages cannot hold a stream slot forever), and the time until
/// the runner asks for the next event is work (inference is not idleness).
struct WebSocketClientEvents: AsyncSequence {
    let inbound: WebSocketInboundStream
    let maxMessageBytes: Int
    let activity: ActivityMonitor<ContinuousClock>

    struct AsyncIterator: AsyncIteratorProtocol {
        var messages: WebSocketInboundMessageStream.AsyncIterator
        let activity: ActivityMonitor<ContinuousClock>
        var pending: [ClientEvent] = []
        var working = false

        mutating func next() async throws -> ClientEvent? {
            if !pending.isEmpty { return pending.removeFirst() }
            if working {
                activity.endWork()
                working = false
            }
            guard let message = try await messages.next() else { return nil }
            guard case .binary(let buffer) = message else {
                throw StreamError.protocolViolation(
                    "text frames are not part of the protocol; send binary protobuf messages")
            }
            let decoded = try WireCodec.decodeClientMessage(Array(buffer.readableBytesView))
            if decoded.advancesStream {
                activity.touch()
                activity.beginWork()
                working = true
            }
            pending = decoded.events
            return pending.removeFirst()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(messages: inbound.messages(maxSize: maxMessageBytes).makeAsyncIterator(), activity: activity)
    }
}
