import Audio2Face
import NIOCore
import NIOPosix
import Testing

@testable import Audio2FaceServer

/// The gRPC port's accepted connections count in the WebSocket port's connection budget.
@Suite(.timeLimit(.minutes(1))) struct GRPCConnectionGuardTests {
    /// A real loopback connection's server side: the channel the transport hands the guard.
    private static func acceptedChannel(
        group: any EventLoopGroup, accepted: @escaping @Sendable (any Channel) -> Void
    ) async throws -> (server: any Channel, client: any Channel) {
        let server = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                accepted(channel)
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let client = try await ClientBootstrap(group: group).connect(to: server.localAddress!).get()
        return (server, client)
    }

    @Test("beyond the per-client limit a connection is closed on arrival; an admitted one is uncounted on close")
    func admitsAndRefuses() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let budget = ConnectionBudget(maxConnections: 100, maxConnectionsPerAddress: 1)
        let metrics = ServiceMetrics(engineKind: "builtin")
        let guardian = GRPCConnectionGuard(budget: budget, metrics: metrics)
        let (accepted, acceptedSink) = AsyncStream.makeStream(of: (any Channel).self)
        let (listener, firstClient) = try await Self.acceptedChannel(group: group) { acceptedSink.yield($0) }
        var acceptedChannels = accepted.makeAsyncIterator()

        let first = try #require(await acceptedChannels.next())
        try await guardian.accepted(first).get()
        #expect(first.isActive)
        #expect(budget.openConnections == 1)

        let secondClient = try await ClientBootstrap(group: group).connect(to: listener.localAddress!).get()
        let second = try #require(await acceptedChannels.next())
        try? await guardian.accepted(second).get()
        try await second.closeFuture.get()
        try await secondClient.closeFuture.get()  // the client sees the close
        #expect(budget.openConnections == 1)
        #expect(
            metrics.render().contains(
                #"audio2face_connections_refused_total{reason="client_connection_limit",transport="grpc"} 1"#))

        try await firstClient.close()
        try await first.closeFuture.get()
        // The release runs on the channel's close callbacks, after the close future completes.
        try await first.eventLoop.submit {}.get()
        #expect(budget.openConnections == 0)
        try await listener.close()
    }
}
