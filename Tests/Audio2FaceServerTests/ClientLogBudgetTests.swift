import Audio2FaceTestSupport
import Logging
import Synchronization
import Testing

@testable import Audio2FaceServer

/// The per-client log budget on a manual clock: a client's first streams of a window log, the rest only
/// errors, and the next window starts by saying how many went unlogged.
@Suite struct ClientLogBudgetTests {
    /// A value-type handler (as the service's own are) that keeps what passes its level.
    struct LevelKeepingHandler: LogHandler {
        let kept: KeptLines
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { kept.lines.withLock { $0.append("\(event.message)") } }
    }

    @Test("streams over the budget in a window are quiet; the next window reports them; addresses are separate")
    func windows() {
        let clock = ManualClock()
        let budget = ClientLogBudget(streamsPerWindow: 3, window: .seconds(60), clock: clock)
        let decisions = (0..<5).map { _ in budget.admit(client: "10.0.0.1") }
        #expect(
            decisions == [.log(unloggedBefore: 0), .log(unloggedBefore: 0), .log(unloggedBefore: 0), .quiet, .quiet])
        #expect(budget.admit(client: "10.0.0.2") == .log(unloggedBefore: 0))
        clock.advance(by: .seconds(59))
        #expect(budget.admit(client: "10.0.0.1") == .quiet)
        clock.advance(by: .seconds(1))
        #expect(budget.admit(client: "10.0.0.1") == .log(unloggedBefore: 3))
        #expect(budget.admit(client: "10.0.0.1") == .log(unloggedBefore: 0))
    }

    @Test("a quiet stream's logger drops warnings but keeps errors, and the service's logger is unchanged")
    func quietLogger() {
        let clock = ManualClock()
        let budget = ClientLogBudget(streamsPerWindow: 1, window: .seconds(60), clock: clock)
        let kept = KeptLines()
        let service = Logger(label: "test") { _ in LevelKeepingHandler(kept: kept) }
        budget.logger(for: "c", service).warning("first stream")
        let quiet = budget.logger(for: "c", service)
        quiet.warning("second stream warning")
        quiet.error("second stream error")
        service.warning("service line")
        clock.advance(by: .seconds(60))
        budget.logger(for: "c", service).warning("third stream")
        let lines = kept.lines.withLock { $0 }
        #expect(
            lines == [
                "first stream", "second stream error", "service line",
                "earlier streams of this client were not logged (over the per-client log budget)", "third stream",
            ])
    }
}

/// Lines kept by copies of ``ClientLogBudgetTests/LevelKeepingHandler``.
final class KeptLines: Sendable {
    let lines = Mutex<[String]>([])
}
