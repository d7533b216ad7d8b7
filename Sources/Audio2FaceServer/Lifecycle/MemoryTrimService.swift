import Audio2Face
import CMallocTuning
import Logging
import ServiceLifecycle

/// Hands memory freed after a load back to the system. glibc keeps the pages of freed blocks inside its
/// arenas (a flood of thousands of connections, or of tiny WebSocket fragments, leaves the process
/// 20–45 % above its baseline for good); `malloc_trim` releases them. Every ``MemoryTrimPolicy/period``
/// the service reads the resident size and trims when it stands well above the process's baseline
/// (``MemoryTrimPolicy``). A trim walks the two arenas: about a millisecond.
struct MemoryTrimService: Service {
    let policy: MemoryTrimPolicy
    let logger: Logger
    /// The resident size in bytes, nil where it cannot be read.
    var residentBytes: @Sendable () -> Int? = { ProcessProbe.current.residentBytes() }
    /// Returns freed memory to the system (`malloc_trim(0)`).
    var trim: @Sendable () -> Void = { _ = a2f_malloc_trim() }

    func run() async throws {
        var policy = policy
        let clock = ContinuousClock()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await Task.sleep(for: policy.period, clock: clock)
            } catch {
                return
            }
            guard let before = residentBytes(), policy.shouldTrim(residentBytes: before) else { continue }
            trim()
            let after = residentBytes() ?? before
            policy.trimmed(residentBytes: after)
            logger.debug(
                "returned freed memory to the system",
                metadata: [
                    "memory.rss_before": .stringConvertible(before), "memory.rss_after": .stringConvertible(after),
                ])
        }
    }
}

/// When ``MemoryTrimService`` trims: whenever the resident size is more than `growthFraction` (and at
/// least `minimumGrowthBytes`) above the smallest size seen at a check or right after a trim: the
/// process's baseline. Under a steady load above the baseline this trims every period; a trim with
/// nothing to release costs next to nothing, and one right after the load ends releases what it left.
struct MemoryTrimPolicy: Sendable {
    /// Time between checks.
    var period: Duration = .seconds(10)
    /// Growth over the baseline, as a fraction of it, that calls for a trim.
    var growthFraction = 0.05
    /// Smaller growth than this never calls for a trim.
    var minimumGrowthBytes = 2 << 20
    /// The smallest resident size seen; nil before the first check.
    private(set) var baseline: Int?

    /// Whether the process at `residentBytes` should trim now.
    mutating func shouldTrim(residentBytes: Int) -> Bool {
        let baseline = min(self.baseline ?? residentBytes, residentBytes)
        self.baseline = baseline
        let growth = residentBytes - baseline
        return growth >= minimumGrowthBytes && Double(growth) > growthFraction * Double(baseline)
    }

    /// Records the size after a trim.
    mutating func trimmed(residentBytes: Int) {
        baseline = min(baseline ?? residentBytes, residentBytes)
    }
}
