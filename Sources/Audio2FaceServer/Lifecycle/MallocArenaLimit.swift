import CMallocTuning
import Foundation
import Logging

/// The cap on glibc malloc arenas that the `CMallocTuning` target sets while the process loads (it
/// also pins glibc's mmap threshold at 128 KiB). glibc gives threads that contend for the heap arenas
/// of their own (up to 8 per core), each arena keeps what it held at its peak, and freed large blocks
/// raise the mmap threshold so that later ones stay on the heap; after the ten-minute soak the idle
/// server stood 7.6 % above its warm baseline, with both settings 3.1 % (docs/operations.md, Soak).
/// An operator's own `MALLOC_ARENA_MAX` / `MALLOC_MMAP_THRESHOLD_` win: glibc applies them.
enum MallocArenaLimit {
    /// What the process runs with.
    enum Outcome: Equatable {
        /// At most `arenaCount` arenas, set at load time.
        case limited(arenaCount: Int)
        /// `MALLOC_ARENA_MAX` is set; glibc uses that value.
        case leftToEnvironment(value: String)
        /// Not glibc: nothing was set.
        case unavailable

        /// One start-up line saying which applies.
        func log(to logger: Logger) {
            switch self {
            case .limited(let arenaCount):
                logger.info("malloc arenas limited", metadata: ["malloc.arena_max": .stringConvertible(arenaCount)])
            case .leftToEnvironment(let value):
                logger.info("malloc arenas as MALLOC_ARENA_MAX says", metadata: ["malloc.arena_max": .string(value)])
            case .unavailable:
                logger.debug("malloc arenas as the C library decides")
            }
        }
    }

    /// The arena limit in force for this process.
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Outcome {
        let applied = Int(a2f_malloc_arena_limit())
        if applied > 0 { return .limited(arenaCount: applied) }
        if let value = environment["MALLOC_ARENA_MAX"], !value.isEmpty { return .leftToEnvironment(value: value) }
        return .unavailable
    }
}
