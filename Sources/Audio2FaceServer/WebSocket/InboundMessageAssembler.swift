import Audio2Face
import HummingbirdWebSocket
import NIOCore

/// Joins a client's WebSocket frames into binary messages under a budget, without I/O: every fragment is
/// copied into one buffer as it arrives (no frame is kept), and a message is refused as soon as it goes
/// over ``MessageBudget`` — its payload plus the header of every further fragment, its fragment count or
/// its empty fragments — so that a flood of tiny or empty fragments costs what it sends and no more.
struct InboundMessageAssembler {
    private let budget: MessageBudget
    /// The message being joined, with what it has used so far; nil between messages.
    private var partial: Partial?

    private struct Partial {
        var bytes: ByteBuffer
        var chargedBytes: Int
        var fragmentCount: Int
        var emptyFragmentCount: Int
    }

    init(budget: MessageBudget) {
        self.budget = budget
    }

    /// Adds one data frame; returns the message once its final fragment is in, nil while more are due.
    /// Throws when the frame breaks the protocol (text, a continuation with no message open, a new
    /// message before the last one ended) or the budget.
    mutating func append(opcode: WebSocketDataFrame.Opcode, fin: Bool, payload: ByteBuffer) throws(StreamError)
        -> ByteBuffer?
    {
        switch opcode {
        case .text:
            throw .protocolViolation("text frames are not part of the protocol; send binary protobuf messages")
        case .binary:
            guard partial == nil else {
                throw .framingViolation("a new message began before the fragmented one before it was finished")
            }
            let emptyFragmentCount = payload.readableBytes == 0 ? 1 : 0
            try check(chargedBytes: payload.readableBytes, fragmentCount: 1, emptyFragmentCount: emptyFragmentCount)
            if fin { return payload }
            var bytes = ByteBuffer()
            bytes.writeImmutableBuffer(payload)
            partial = Partial(
                bytes: bytes, chargedBytes: payload.readableBytes, fragmentCount: 1,
                emptyFragmentCount: emptyFragmentCount)
            return nil
        case .continuation:
            // Taken out, so that the buffer grows in place and is released if the budget refuses it.
            guard var message = partial.take() else {
                throw .framingViolation("a continuation frame arrived with no fragmented message open")
            }
            message.chargedBytes +=
                payload.readableBytes + MessageBudget.clientFrameHeaderBytes(payloadBytes: payload.readableBytes)
            message.fragmentCount += 1
            if payload.readableBytes == 0 { message.emptyFragmentCount += 1 }
            try check(
                chargedBytes: message.chargedBytes, fragmentCount: message.fragmentCount,
                emptyFragmentCount: message.emptyFragmentCount)
            message.bytes.writeImmutableBuffer(payload)
            if fin { return message.bytes }
            partial = message
            return nil
        }
    }

    private func check(chargedBytes: Int, fragmentCount: Int, emptyFragmentCount: Int) throws(StreamError) {
        if chargedBytes > budget.maxMessageBytes {
            throw .messageTooLarge(
                "message over max_message_bytes (\(budget.maxMessageBytes) bytes, counting the header of "
                    + "every fragment after the first)")
        }
        if fragmentCount > budget.maxFragments {
            throw .messageTooLarge("message in more than \(budget.maxFragments) fragments; send fewer, larger frames")
        }
        if emptyFragmentCount > budget.maxEmptyFragments {
            throw .messageTooLarge("message with more than \(budget.maxEmptyFragments) empty fragments")
        }
    }
}

/// What one inbound WebSocket message may cost: its bytes on the wire (payload, plus the header of each
/// fragment after the first, so that a single frame of exactly `maxMessageBytes` still fits), its number of
/// fragments and its number of empty fragments.
struct MessageBudget: Sendable, Equatable {
    /// Most bytes a message may charge (`server.max_message_bytes`).
    var maxMessageBytes: Int
    /// Most frames one message may be split into.
    var maxFragments = 1_024
    /// Most fragments without payload one message may contain (a closing empty frame is common; more
    /// than a few is a flood).
    var maxEmptyFragments = 8

    /// The header size of a masked client frame carrying `payloadBytes`: two bytes, the extended length
    /// (2 or 8 bytes beyond 125 and 65,535 bytes) and the 4-byte mask.
    static func clientFrameHeaderBytes(payloadBytes: Int) -> Int {
        let extendedLength = payloadBytes <= 125 ? 0 : payloadBytes <= 65_535 ? 2 : 8
        return 2 + extendedLength + 4
    }
}
