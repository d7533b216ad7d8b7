import Audio2Face
import Audio2FaceServer
import HummingbirdTesting
import Synchronization
import Testing

@testable import Audio2FaceServer

/// `server.max_connections` and `server.max_connections_per_client` on the real server: a connection
/// beyond either is answered 503 and closed at once, and a slot is free again once a connection closes.
@Suite(.timeLimit(.minutes(2))) struct ConnectionLimitTests {
    private static let patience = Duration.seconds(20)

    private static func parts(total: Int, perClient: Int) throws -> ServiceParts {
        var config = ServiceConfig()
        config.server.maxConnections = total
        config.server.maxConnectionsPerClient = perClient
        config.server.headerReadTimeoutSeconds = 60
        return try ServerHarness.parts(config: config)
    }

    /// GETs /health on new connections until one is answered 200 (a freed slot is released when the
    /// server sees the close, a moment after the client closed).
    private static func healthEventually(port: Int) async throws -> Bool {
        try await BlockingIO.run {
            let deadline = ContinuousClock.now + Self.patience
            while ContinuousClock.now < deadline {
                let connection = try RawConnection(port: port)
                connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                let text = connection.readUntilClosed(timeout: Self.patience).text
                if RawConnection.status(in: text) == 200 { return true }
            }
            return false
        }
    }

    /// Opens connections one after another, each served one /health request and then kept open, until
    /// one is refused; returns the ones kept and everything the refused one received until it closed.
    /// (The test client may hold a connection of its own, so the count kept can be one short of the limit.)
    private static func fillUp(port: Int, limit: Int) async throws -> (
        kept: [RawConnection], refusal: String, closed: Bool
    ) {
        try await BlockingIO.run {
            var kept: [RawConnection] = []
            while kept.count <= limit {
                let connection = try RawConnection(port: port)
                connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let answer = connection.read(until: "\r\n\r\n", timeout: Self.patience)
                if RawConnection.status(in: answer) != 200 {
                    let rest = connection.readUntilClosed(timeout: Self.patience)
                    return (kept, answer + rest.text, rest.closed)
                }
                kept.append(connection)
            }
            return (kept, "", false)
        }
    }

    @Test(
        "a connection beyond the limit gets 503 and is closed; closing one frees a slot",
        arguments: [(3, 0, "maximum of 3 connections"), (0, 2, "too many connections from this address (limit 2)")])
    func overTheLimit(total: Int, perClient: Int, message: String) async throws {
        try await ServerHarness.withServer(try Self.parts(total: total, perClient: perClient)) { client in
            let port = try #require(client.port)
            let limit = max(total, perClient)
            var (kept, refusal, closed) = try await Self.fillUp(port: port, limit: limit)
            #expect((limit - 1...limit).contains(kept.count))
            #expect(closed)
            #expect(RawConnection.status(in: refusal) == 503)
            #expect(refusal.contains(message))
            #expect(RawConnection.header("Retry-After", in: refusal) == "1")
            kept.removeAll()
            #expect(try await Self.healthEventually(port: port))
        }
    }

    @Test("a connection that sent no request gives way: /health gets through a server full of idle connections")
    func idleConnectionsGiveWay() async throws {
        try await ServerHarness.withServer(try Self.parts(total: 4, perClient: 0)) { client in
            let port = try #require(client.port)
            let (health, answers) = try await BlockingIO.run {
                let idle = try (0..<4).map { _ in try RawConnection(port: port) }
                var health: [Int?] = []
                for _ in 0..<2 {
                    let probe = try RawConnection(port: port)
                    probe.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    health.append(RawConnection.status(in: probe.readUntilClosed(timeout: Self.patience).text))
                }
                // The idle connections the probes displaced have been answered and closed by now.
                let answers = idle.map {
                    $0.readable(within: .seconds(2)) ? $0.readUntilClosed(timeout: Self.patience) : nil
                }
                return (health, answers)
            }
            #expect(health == [200, 200])
            // The first probe took an idle connection's place; the second found the first's place free again
            // (the test client may hold one connection of its own, which would cost one more). Which idle
            // connection gives way is the oldest the server admitted: the budget's own test checks the order.
            let evicted = answers.compactMap { $0 }
            #expect((1...2).contains(evicted.count), "\(evicted.count) idle connections were answered")
            for (text, closed) in evicted {
                #expect(closed)
                #expect(RawConnection.status(in: text) == 503)
                #expect(text.contains("had sent no request"))
            }
        }
    }

    @Test("admitting and releasing count per address and in total")
    func budgetCounts() throws {
        let budget = ConnectionBudget(maxConnections: 3, maxConnectionsPerAddress: 2)
        guard case .admitted(let first) = budget.admit(address: "10.0.0.1") else {
            Issue.record("first connection refused")
            return
        }
        #expect(budget.admit(address: "10.0.0.1") != .addressFull(limit: 2))
        #expect(budget.admit(address: "10.0.0.1") == .addressFull(limit: 2))
        #expect(budget.admit(address: "10.0.0.2") != .serverFull(limit: 3))
        #expect(budget.admit(address: "10.0.0.3") == .serverFull(limit: 3))
        budget.release(first)
        budget.release(first)  // a second release of the same connection changes nothing
        #expect(budget.openConnections == 2)
        #expect(budget.admit(address: "10.0.0.3") != .serverFull(limit: 3))
        #expect(budget.admit(address: "10.0.0.1") == .serverFull(limit: 3))
    }

    @Test(
        "at a limit the oldest waiting connection is evicted: of the same address for its limit, of any for the total")
    func waitingConnectionsAreEvictedOldestFirst() {
        let budget = ConnectionBudget(maxConnections: 4, maxConnectionsPerAddress: 2)
        let evicted = Mutex<[String]>([])
        func waiting(_ name: String) -> @Sendable () -> Void { { evicted.withLock { $0.append(name) } } }
        let a1 = budget.admit(address: "a", eviction: waiting("a1"))
        _ = budget.admit(address: "b", eviction: waiting("b1"))
        _ = budget.admit(address: "a", eviction: waiting("a2"))
        if case .admitted(let ticket) = a1 { budget.startServing(ticket) }  // a1 is served: it stays
        #expect(budget.waitingConnections == 2)
        // Address a is at its limit: its own oldest waiting connection (a2) gives way, not b1.
        _ = budget.admit(address: "a", eviction: waiting("a3"))
        #expect(evicted.withLock { $0 } == ["a2"])
        // Total limit: b1 (oldest waiting of all) gives way to a newcomer from c.
        _ = budget.admit(address: "b", eviction: waiting("b2"))
        _ = budget.admit(address: "c")
        #expect(evicted.withLock { $0 } == ["a2", "b1"])
        #expect(budget.openConnections == 4)
        // Served connections never give way: with a1 and c served, a3 and b2 go, then the server is full.
        _ = budget.admit(address: "d")
        _ = budget.admit(address: "e")
        #expect(evicted.withLock { $0 } == ["a2", "b1", "a3", "b2"])
        #expect(budget.admit(address: "f") == .serverFull(limit: 4))
    }
}
