import NIOCore
import NIOHTTP1

/// Holds a new connection to its budget until the first request head has arrived whole. A connection over
/// the ``ConnectionBudget`` is answered 503 at once. Otherwise the head must come within the header-read
/// timeout (else 408, so a client that connects and sends nothing, or trickles a request, cannot keep a
/// descriptor), must fit the decoder's header limits (else 431), and a WebSocket handshake in it must
/// follow ``WebSocketHandshakeRules`` (else 400, 405 or 426). Every refusal is answered and the connection
/// closed. An accepted head goes on to the upgrade decision (and is reported to `onFirstRequest`) and the
/// guard leaves the pipeline, so later requests and WebSocket frames never pass through it. Until then
/// the budget may ``evict()`` the connection to make room for a newer one: it is answered 503.
final class FirstRequestGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// A response that refuses a connection, and the reason it is counted under in
    /// `audio2face_connections_refused_total`.
    struct Refusal {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders = [:]
        var message: String
        var reason: String
    }

    private let headerReadTimeout: TimeAmount
    private let metrics: ServiceMetrics?
    private let refusalOnArrival: Refusal?
    private let onFirstRequest: () -> Void
    private var deadline: Scheduled<Void>?
    private var answered = false
    private var context: ChannelHandlerContext?

    /// The answer of a connection evicted while it waited for its first request.
    static let eviction = Refusal(
        status: .serviceUnavailable, headers: ["Retry-After": "1"],
        message: "the server is at its connection limit and this connection had sent no request; try again",
        reason: "evicted_waiting")

    /// A guard that allows `headerReadTimeout` for the first request head and counts its refusals in
    /// `metrics`; with `refusalOnArrival` (a connection over the budget) it answers that at once instead.
    /// `onFirstRequest` is called when a head is accepted.
    init(
        headerReadTimeout: TimeAmount, metrics: ServiceMetrics?, refusalOnArrival: Refusal? = nil,
        onFirstRequest: @escaping () -> Void = {}
    ) {
        self.headerReadTimeout = headerReadTimeout
        self.metrics = metrics
        self.refusalOnArrival = refusalOnArrival
        self.onFirstRequest = onFirstRequest
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { begin(context: context) }
    }

    /// Answers 503 and closes, unless a first request was accepted or answered already. Call on the
    /// channel's event loop.
    func evict() {
        guard let context, !answered else { return }
        answer(Self.eviction, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopHeaderClock()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        begin(context: context)
        context.fireChannelActive()
    }

    /// A connection that ends before its first request head (a scanner, a client that gave up) is
    /// reported to the upgrade handler as a closed input, which Hummingbird treats as an ordinary end
    /// rather than logging an error for every such connection.
    func channelInactive(context: ChannelHandlerContext) {
        stopHeaderClock()
        context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        guard case .head(let head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        stopHeaderClock()
        if WebSocketHandshakeRules.asksForWebSocket(head), let refusal = WebSocketHandshakeRules.refusal(for: head) {
            let answer = Refusal(
                status: refusal.status, headers: refusal.headers, message: refusal.message, reason: "bad_handshake")
            self.answer(answer, context: context)
            return
        }
        onFirstRequest()
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !answered else { return }
        if case .headerOverflow = parserError {
            let message = "the request headers are larger than the server accepts"
            answer(
                Refusal(status: .requestHeaderFieldsTooLarge, message: message, reason: "headers_too_large"),
                context: context)
        } else {
            answer(
                Refusal(status: .badRequest, message: "malformed HTTP request", reason: "malformed_request"),
                context: context)
        }
    }

    /// Refuses a connection over the budget at once; starts the header clock for any other.
    private func begin(context: ChannelHandlerContext) {
        guard !answered else { return }
        if let refusalOnArrival {
            answer(refusalOnArrival, context: context)
        } else {
            startHeaderClock(context: context)
        }
    }

    private func startHeaderClock(context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        let timeout = headerReadTimeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            deadline = nil
            guard !answered else { return }
            let message = "the request head did not arrive within \(Self.seconds(timeout)) s"
            answer(Refusal(status: .requestTimeout, message: message, reason: "header_timeout"), context: context)
        }
    }

    private func stopHeaderClock() {
        deadline?.cancel()
        deadline = nil
    }

    /// Writes a complete plain-text response that announces the close; once it is flushed, tells the
    /// upgrade handler that the input has ended, upon which it closes the connection (quietly, where a
    /// plain close would make Hummingbird log an error). Whatever the client sends meanwhile is dropped.
    private func answer(_ refusal: Refusal, context: ChannelHandlerContext) {
        answered = true
        stopHeaderClock()
        metrics?.connectionRefused(reason: refusal.reason)
        let body = context.channel.allocator.buffer(string: refusal.message + "\n")
        var fields = refusal.headers
        fields.replaceOrAdd(name: "Connection", value: "close")
        fields.replaceOrAdd(name: "Content-Type", value: "text/plain; charset=utf-8")
        fields.replaceOrAdd(name: "Content-Length", value: "\(body.readableBytes)")
        let head = HTTPResponseHead(version: .http1_1, status: refusal.status, headers: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            guard context.channel.isActive else { return }
            context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        }
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
