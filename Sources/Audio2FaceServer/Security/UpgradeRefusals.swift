import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Carries the real reason for a refused WebSocket upgrade (401 without a key, 403 for a foreign
/// origin, 404 for another path) from the upgrade decision to the response. Hummingbird answers every
/// refused upgrade with a bare 400; ``StreamingUpgrade`` records the refusal per connection and
/// ``UpgradeRefusalWriter`` rewrites that 400 into the recorded status, headers and message.
public final class UpgradeRefusals: Sendable {
    struct Refusal: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var message: String
    }

    private let pending = Mutex<[ObjectIdentifier: Refusal]>([:])

    /// An empty registry.
    public init() {}

    func record(_ refusal: Refusal, for channel: any Channel) {
        pending.withLock { $0[ObjectIdentifier(channel)] = refusal }
    }

    /// Records `error` as the answer to `channel`'s refused upgrade.
    func record(_ error: HTTPError, for channel: any Channel) {
        record(
            .init(status: error.status, headers: error.headers, message: error.body ?? error.status.reasonPhrase),
            for: channel)
    }

    func take(for channel: any Channel) -> Refusal? {
        pending.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

/// Outbound handler on plain-HTTP connections that rewrites a refused upgrade's 400 into the refusal
/// recorded for the connection; every other response passes untouched.
final class UpgradeRefusalWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let refusals: UpgradeRefusals
    private var refusal: UpgradeRefusals.Refusal?

    init(refusals: UpgradeRefusals) {
        self.refusals = refusals
    }

    func handlerAdded(context: ChannelHandlerContext) {
        refusal = refusals.take(for: context.channel)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let refusal, case .head(var head) = unwrapOutboundIn(data), head.status == .badRequest else {
            context.write(data, promise: promise)
            return
        }
        self.refusal = nil
        let body = ByteBuffer(string: refusal.message)
        head.status = refusal.status
        for field in refusal.headers { head.headerFields[field.name] = field.value }
        head.headerFields[.contentType] = "text/plain; charset=utf-8"
        head.headerFields[.contentLength] = "\(body.readableBytes)"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: promise)
    }
}
