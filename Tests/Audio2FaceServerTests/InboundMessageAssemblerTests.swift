import Audio2Face
import NIOCore
import Testing
import WSCore

@testable import Audio2FaceServer

/// Joining frames into messages under a budget, without a socket.
@Suite struct InboundMessageAssemblerTests {
    private static func bytes(_ count: Int, _ value: UInt8 = 7) -> ByteBuffer {
        ByteBuffer(bytes: [UInt8](repeating: value, count: count))
    }

    private static func isTooLarge(_ error: StreamError, mentioning text: String) -> Bool {
        guard case .messageTooLarge(let reason) = error else { return false }
        return reason.contains(text)
    }

    @Test("a masked client frame's header: 6 bytes up to 125, 8 up to 65,535, 14 beyond")
    func headerSizes() {
        #expect(MessageBudget.clientFrameHeaderBytes(payloadBytes: 0) == 6)
        #expect(MessageBudget.clientFrameHeaderBytes(payloadBytes: 125) == 6)
        #expect(MessageBudget.clientFrameHeaderBytes(payloadBytes: 126) == 8)
        #expect(MessageBudget.clientFrameHeaderBytes(payloadBytes: 65_535) == 8)
        #expect(MessageBudget.clientFrameHeaderBytes(payloadBytes: 65_536) == 14)
    }

    @Test("a single frame of exactly the limit is a message; fragments are joined in order")
    func joinsFragments() throws {
        var assembler = InboundMessageAssembler(budget: MessageBudget(maxMessageBytes: 100))
        #expect(try assembler.append(opcode: .binary, fin: true, payload: Self.bytes(100)) == Self.bytes(100))
        #expect(try assembler.append(opcode: .binary, fin: false, payload: Self.bytes(3, 1)) == nil)
        #expect(try assembler.append(opcode: .continuation, fin: false, payload: Self.bytes(2, 2)) == nil)
        let message = try assembler.append(opcode: .continuation, fin: true, payload: ByteBuffer())
        #expect(message == ByteBuffer(bytes: [1, 1, 1, 2, 2]))
    }

    @Test("each fragment after the first is charged its header: tiny fragments run out long before the payload")
    func tinyFragmentsChargeHeaders() throws {
        var assembler = InboundMessageAssembler(budget: MessageBudget(maxMessageBytes: 100))
        _ = try assembler.append(opcode: .binary, fin: false, payload: Self.bytes(1))
        // 1 + 14 × 7 = 99 bytes charged for 15 bytes of payload; the 15th continuation makes 106.
        for _ in 0..<14 {
            #expect(try assembler.append(opcode: .continuation, fin: false, payload: Self.bytes(1)) == nil)
        }
        #expect {
            _ = try assembler.append(opcode: .continuation, fin: true, payload: Self.bytes(1))
        } throws: { error in
            (error as? StreamError).map { Self.isTooLarge($0, mentioning: "max_message_bytes (100 bytes") } ?? false
        }
    }

    @Test("more fragments than allowed are refused, naming the limit")
    func fragmentCount() throws {
        var budget = MessageBudget(maxMessageBytes: 1 << 20)
        budget.maxFragments = 4
        var assembler = InboundMessageAssembler(budget: budget)
        _ = try assembler.append(opcode: .binary, fin: false, payload: Self.bytes(10))
        for _ in 0..<3 { _ = try assembler.append(opcode: .continuation, fin: false, payload: Self.bytes(10)) }
        #expect {
            _ = try assembler.append(opcode: .continuation, fin: true, payload: Self.bytes(10))
        } throws: { error in
            (error as? StreamError).map { Self.isTooLarge($0, mentioning: "more than 4 fragments") } ?? false
        }
    }

    @Test("a closing empty fragment is fine; more empty fragments than allowed are refused")
    func emptyFragments() throws {
        var budget = MessageBudget(maxMessageBytes: 1 << 20)
        budget.maxEmptyFragments = 2
        var assembler = InboundMessageAssembler(budget: budget)
        _ = try assembler.append(opcode: .binary, fin: false, payload: Self.bytes(10))
        #expect(try assembler.append(opcode: .continuation, fin: true, payload: ByteBuffer()) == Self.bytes(10))
        _ = try assembler.append(opcode: .binary, fin: false, payload: Self.bytes(10))
        for _ in 0..<2 { _ = try assembler.append(opcode: .continuation, fin: false, payload: ByteBuffer()) }
        #expect {
            _ = try assembler.append(opcode: .continuation, fin: false, payload: ByteBuffer())
        } throws: { error in
            (error as? StreamError).map { Self.isTooLarge($0, mentioning: "more than 2 empty fragments") } ?? false
        }
    }

    @Test("the budget is per message: a new message starts from zero")
    func budgetPerMessage() throws {
        var budget = MessageBudget(maxMessageBytes: 1 << 20)
        budget.maxFragments = 2
        var assembler = InboundMessageAssembler(budget: budget)
        for _ in 0..<3 {
            _ = try assembler.append(opcode: .binary, fin: false, payload: Self.bytes(10))
            #expect(try assembler.append(opcode: .continuation, fin: true, payload: Self.bytes(10)) != nil)
        }
    }

    @Test(
        "frames out of order break the framing (1002); text frames break the protocol (1008)",
        arguments: [
            ([(WebSocketDataFrame.Opcode.continuation, true)], "no fragmented message open", true),
            ([(.binary, false), (.binary, true)], "before the fragmented one", true),
            ([(.text, true)], "text frames", false),
        ])
    func outOfOrder(frames: [(WebSocketDataFrame.Opcode, Bool)], reason: String, isFraming: Bool) throws {
        var assembler = InboundMessageAssembler(budget: MessageBudget(maxMessageBytes: 1 << 20))
        #expect {
            for (opcode, fin) in frames { _ = try assembler.append(opcode: opcode, fin: fin, payload: Self.bytes(4)) }
        } throws: { error in
            switch error as? StreamError {
            case .framingViolation(let text): isFraming && text.contains(reason)
            case .protocolViolation(let text): !isFraming && text.contains(reason)
            default: false
            }
        }
    }
}
