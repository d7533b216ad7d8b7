import Audio2Face
import Audio2FaceClient
import HummingbirdWebSocket
import NIOCore

/// A WebSocket connection's inbound frames as client messages: frames are joined into messages by an
/// ``InboundMessageAssembler`` under the connection's ``MessageBudget``, and each binary message is decoded
/// by ``WireCodec`` into the events it stands for. ``PacedClientEvents`` paces and watches them.
struct WebSocketClientMessages: ClientMessageSource {
    var frames: WebSocketInboundStream.AsyncIterator
    var assembler: InboundMessageAssembler

    init(inbound: WebSocketInboundStream, budget: MessageBudget) {
        frames = inbound.makeAsyncIterator()
        assembler = InboundMessageAssembler(budget: budget)
    }

    mutating func nextEvents() async throws -> [ClientEvent]? {
        while let frame = try await frames.next() {
            if let message = try assembler.append(opcode: frame.opcode, fin: frame.fin, payload: frame.data) {
                return try WireCodec.decodeClientMessage(Array(message.readableBytesView)).events
            }
        }
        return nil
    }
}
