import Audio2Face
import Audio2FaceTestSupport
import Logging
import Testing

@testable import Audio2FaceServer

/// How the open-file limit is split between the process's own descriptors and connections, how
/// `server.max_connections` is held inside it, and how the accept gate keeps accepted sockets under the
/// ceiling. The real server under a lowered `ulimit -n` is in the CLI tests (ServeDescriptorExhaustionTests).
@Suite struct DescriptorBudgetTests {
    @Test("the reserve is what the process holds plus 32 and 4 per event loop, or a tenth of the limit")
    func reserve() {
        let small = DescriptorBudget(openFileLimit: 128, descriptorsInUse: 20, eventLoops: 2)
        #expect(small.reserve == 20 + 40)
        #expect(small.socketCeiling == 68)
        #expect(small.refusalRoom == DescriptorBudget.acceptBatch)
        #expect(small.maxConnections == 64)
        #expect(small.leavesRoomForConnections)

        let common = DescriptorBudget(openFileLimit: 1_024, descriptorsInUse: 20, eventLoops: 2)
        #expect(common.reserve == 20 + 102)
        #expect(common.socketCeiling == 902)
        #expect(common.refusalRoom == 902 / 16)
        #expect(common.maxConnections == 902 - 56)

        let manyLoops = DescriptorBudget(openFileLimit: 1_024, descriptorsInUse: 20, eventLoops: 64)
        #expect(manyLoops.reserve == 20 + 32 + 4 * 64)

        let unlimited = DescriptorBudget(openFileLimit: .max, descriptorsInUse: 20, eventLoops: 2)
        #expect(unlimited.openFileLimit == Int(Int32.max))
        #expect(unlimited.maxConnections > 1_000_000)
    }

    @Test("every budget keeps the connections, the 503s and the reserve inside the limit")
    func neverPastTheLimit() {
        for limit in [80, 100, 128, 256, 1_024, 4_096, 65_536, 1_048_576] as [UInt64] {
            for inUse in [3, 20, 60] {
                let budget = DescriptorBudget(openFileLimit: limit, descriptorsInUse: inUse, eventLoops: 4)
                guard budget.leavesRoomForConnections else { continue }
                #expect(budget.reserve + budget.socketCeiling <= Int(limit), "limit \(limit), in use \(inUse)")
                #expect(budget.maxConnections + budget.refusalRoom == budget.socketCeiling)
                #expect(budget.refusalRoom >= DescriptorBudget.acceptBatch)
                #expect(budget.maxConnections > 0)
            }
        }
    }

    @Test("a limit that leaves fewer than 16 sockets stops start-up with a message naming the limit to set")
    func tooLow() throws {
        let budget = DescriptorBudget(openFileLimit: 64, descriptorsInUse: 20, eventLoops: 2)
        #expect(!budget.leavesRoomForConnections)
        #expect(budget.lowestWorkableLimit == 60 + 16)
        let error = try #require(throws: DescriptorShortage.self) { try budget.requireRoomForConnections() }
        #expect(error.description.contains("the open-file limit (64) is too low"))
        #expect(error.description.contains("keeps 60 descriptors"))
        #expect(error.description.contains("at least 76 (ulimit -n"))
        #expect(throws: Never.self) {
            try DescriptorBudget(openFileLimit: 76, descriptorsInUse: 20, eventLoops: 2).requireRoomForConnections()
        }
    }

    @Test("max_connections 0 takes the budget's maximum; a larger value is lowered to it with a warning")
    func configuredWithinTheBudget() {
        let descriptors = DescriptorBudget(openFileLimit: 128, descriptorsInUse: 20, eventLoops: 2)
        let handler = CollectingLogHandler()
        let logger = Logger(label: "test") { _ in handler }
        var server = ServerConfig()

        server.maxConnections = 0
        #expect(ConnectionBudget.configured(by: server, descriptors: descriptors, logger: logger).maxConnections == 64)
        server.maxConnections = 10
        #expect(ConnectionBudget.configured(by: server, descriptors: descriptors, logger: logger).maxConnections == 10)
        #expect(!handler.events.contains { $0.level == .warning })

        server.maxConnections = 100_000
        #expect(ConnectionBudget.configured(by: server, descriptors: descriptors, logger: logger).maxConnections == 64)
        let warning = handler.events.first { $0.level == .warning }
        #expect(warning?.message.contains("server.max_connections is more than the open-file limit allows") == true)
        #expect(warning?.metadata["server.max_connections_allowed"]?.description == "64")
        let limits = handler.events.last { $0.message == "connection limits" }
        #expect(limits?.metadata["server.socket_ceiling"]?.description == "68")
        #expect(limits?.metadata["process.nofile_reserved"]?.description == "60")
    }

    @Test("the accept gate never lets accepted sockets pass the ceiling, and accepts again as they close")
    func acceptGate() {
        let handler = CollectingLogHandler()
        let budget = DescriptorBudget(openFileLimit: 128, descriptorsInUse: 20, eventLoops: 2)
        var gate = AcceptGate(budget: budget, logger: Logger(label: "test") { _ in handler })
        // A flood: every read the gate allows accepts a whole batch.
        var reads = 0
        while gate.isAcceptingNewConnections() {
            for _ in 0..<DescriptorBudget.acceptBatch { gate.connectionOpened() }
            reads += 1
            #expect(gate.openSockets <= budget.socketCeiling)
        }
        #expect(reads == budget.socketCeiling / DescriptorBudget.acceptBatch)
        #expect(handler.events.filter { $0.message.contains("connection ceiling reached") }.count == 1)

        // One close leaves too little room for a batch; the gate stays shut and logs nothing more.
        gate.connectionClosed()
        #expect(!gate.isAcceptingNewConnections())
        for _ in 0..<(DescriptorBudget.acceptBatch - 1) { gate.connectionClosed() }
        #expect(gate.isAcceptingNewConnections())
        for _ in 0..<DescriptorBudget.acceptBatch { gate.connectionOpened() }
        #expect(gate.openSockets == budget.socketCeiling)
        #expect(handler.events.count == 1)

        // Once half the ceiling is free it says so, once.
        while gate.openSockets > 0 { gate.connectionClosed() }
        #expect(handler.events.filter { $0.message == "accepting connections again" }.count == 1)
    }

    @Test("the descriptors in use are listed from the process's descriptor table")
    func descriptorsInUse() throws {
        let count = try #require(DescriptorLimit.descriptorsInUse())
        #expect(count >= 3)
        #expect(UInt64(count) <= DescriptorLimit.currentSoftLimit() ?? .max)
    }
}
