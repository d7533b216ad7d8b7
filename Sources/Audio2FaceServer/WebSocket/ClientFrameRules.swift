import Audio2Face
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// The RFC 6455 rules for a client's frames that neither NIO's frame decoder nor swift-websocket keep,
/// placed right behind the decoder (see ``Installer``):
///
/// - a frame without a mask key is refused (§5.1: a server must close the connection on an unmasked
///   client frame), and so is a frame with a reserved opcode (§5.2), which swift-websocket would close
///   without a reason; the frame and every frame after it are dropped;
/// - the decoder's own refusals (a frame over `server.max_message_bytes`, a fragmented or oversized
///   control frame), which NIO would answer with a close frame without a reason, become
///   ``StreamError``s with one;
/// - a close frame with a code the IANA registry assigns but swift-websocket does not know (1012 service
///   restart, 1013 try again later, 1014 bad gateway) is handed on as 1000, because swift-websocket
///   answers every code below 3000 it has no name for with 1002; the client gets the normal close reply
///   every valid code gets.
///
/// A refusal is raised as the ``StreamError`` through the pipeline, so the stream's inbound frames end
/// with it after the frames that came before: the stream fails with it and closes with the code and
/// reason ``WebSocketCloseTable`` gives it, as any other client fault does.
///
/// Once the server's close frame for broken framing (1002) or an oversized message (1009) is written,
/// the connection is failed (RFC 6455 §7.1.7) rather than closed by handshake: what the client has
/// queued behind the bad message is not worth decoding (a fragment flood queues megabytes of tiny
/// frames), so every byte still arriving is dropped undecoded (``InboundDiscard``), the sending side is
/// shut (the client reads the close frame, then end of stream), and the connection is closed after
/// ``failedConnectionGrace`` if the client has not closed it by then.
final class ClientFrameRules: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// How long a failed connection stays open for the client to read the close frame and close.
    static let failedConnectionGrace: TimeAmount = .seconds(1)

    /// The close codes after which the server stops reading: the client's later frames are the rest of
    /// a broken or oversized message.
    private static let failingCloseCodes: Set<UInt16> = [1002, 1009]

    /// Close codes registered with IANA that swift-websocket treats as invalid.
    private static let registeredCodesUnknownToSwiftWebSocket: ClosedRange<UInt16> = 1012...1014

    /// The opcodes RFC 6455 defines; the others are reserved.
    private static let definedOpcodes: Set<WebSocketOpcode> = [
        .continuation, .text, .binary, .connectionClose, .ping, .pong,
    ]

    /// The frame size limit the decoder enforces, for the reason text.
    private let maxFrameBytes: Int
    /// Whether a frame has been refused: nothing more is passed on.
    private var refused = false
    /// Whether the server's close frame failed the connection: every frame is dropped.
    private var failed = false

    init(maxFrameBytes: Int) {
        self.maxFrameBytes = maxFrameBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused, !failed else { return }
        let frame = unwrapInboundIn(data)
        guard frame.maskKey != nil else {
            refuse(.framingViolation("client frames must be masked (RFC 6455 section 5.1)"), context: context)
            return
        }
        guard Self.definedOpcodes.contains(frame.opcode) else {
            let opcode = "0x" + String(UInt8(webSocketOpcode: frame.opcode), radix: 16, uppercase: true)
            refuse(.framingViolation("opcode \(opcode) is reserved (RFC 6455 section 5.2)"), context: context)
            return
        }
        let passed = frame.opcode == .connectionClose ? Self.acceptingRegisteredCloseCode(frame) : frame
        context.fireChannelRead(wrapInboundOut(passed))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let decoderError = error as? NIOWebSocketError else {
            context.fireErrorCaught(error)
            return
        }
        guard !refused, !failed else { return }
        refuse(streamError(for: decoderError), context: context)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = unwrapOutboundIn(data)
        guard frame.opcode == .connectionClose,
            let code = frame.data.getInteger(at: frame.data.readerIndex, as: UInt16.self),
            Self.failingCloseCodes.contains(code)
        else {
            context.write(data, promise: promise)
            return
        }
        failed = true
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.cascade(to: promise)
        context.write(data, promise: written)
        let channel = context.channel
        written.futureResult.whenSuccess {
            try? channel.pipeline.syncOperations.addHandler(InboundDiscard(), position: .first)
            channel.close(mode: .output, promise: nil)
            channel.eventLoop.scheduleTask(in: Self.failedConnectionGrace) { channel.close(promise: nil) }
        }
    }

    private func refuse(_ error: StreamError, context: ChannelHandlerContext) {
        refused = true
        context.fireErrorCaught(error)
    }

    private func streamError(for error: NIOWebSocketError) -> StreamError {
        switch error {
        case .invalidFrameLength:
            .messageTooLarge("frame larger than max_message_bytes (\(maxFrameBytes) bytes)")
        case .fragmentedControlFrame:
            .framingViolation("control frames (close, ping, pong) must not be fragmented")
        case .multiByteControlFrameLength:
            .framingViolation("control frames (close, ping, pong) carry at most 125 bytes")
        }
    }

    /// `frame` with its close code replaced by 1000 when swift-websocket would take the registered code
    /// for a protocol error; any other close frame as it is.
    private static func acceptingRegisteredCloseCode(_ frame: WebSocketFrame) -> WebSocketFrame {
        var data = frame.unmaskedData
        guard let code = data.getInteger(at: data.readerIndex, as: UInt16.self),
            registeredCodesUnknownToSwiftWebSocket.contains(code)
        else { return frame }
        data.setInteger(UInt16(1000), at: data.readerIndex)
        return WebSocketFrame(
            fin: frame.fin, rsv1: frame.rsv1, rsv2: frame.rsv2, rsv3: frame.rsv3, opcode: .connectionClose, data: data)
    }

    /// Places ``ClientFrameRules`` behind the WebSocket frame decoder the moment an upgrade completes:
    /// the decoder only joins the pipeline then, and frames the client sent with its handshake are held
    /// back until just after this event, so none passes unchecked. Leaves the pipeline after the upgrade,
    /// or at the first request of a connection that is not upgraded.
    final class Installer: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny

        private let maxFrameBytes: Int

        init(maxFrameBytes: Int) {
            self.maxFrameBytes = maxFrameBytes
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            guard case .upgradeComplete = event as? HTTPServerUpgradeEvents else {
                context.fireUserInboundEventTriggered(event)
                return
            }
            let pipeline = context.pipeline.syncOperations
            do {
                let decoder = try pipeline.handler(type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
                try pipeline.addHandler(ClientFrameRules(maxFrameBytes: maxFrameBytes), position: .after(decoder))
            } catch {
                // Without the rules the connection would take frames RFC 6455 refuses: it is not served.
                context.fireErrorCaught(error)
                context.close(promise: nil)
            }
            context.fireUserInboundEventTriggered(event)
            pipeline.removeHandler(context: context, promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }
}

/// Drops every byte a failed connection still receives, in front of the frame decoder, so none is decoded.
private final class InboundDiscard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
