import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's limit on open file descriptors (`RLIMIT_NOFILE`). Every connection holds one, so a soft
/// limit left at a common default of 1,024 lets about a thousand idle clients stop the service; `serve`
/// raises the soft limit to the hard limit at start-up and logs both.
enum DescriptorLimit {
    /// The soft and hard limits, and whether the soft one was raised.
    struct Outcome: Equatable, Sendable {
        /// The soft limit before start-up changed it.
        var previousSoft: UInt64
        /// The soft limit in force now.
        var soft: UInt64
        /// The hard limit (`UInt64.max` for unlimited).
        var hard: UInt64
        /// Why the soft limit could not be raised, when it could not.
        var failure: String?

        /// One start-up line saying what the process may open.
        func log(to logger: Logger) {
            let metadata: Logger.Metadata = [
                "process.nofile_soft": .stringConvertible(soft),
                "process.nofile_hard": .string(hard == UInt64.max ? "unlimited" : String(hard)),
                "process.nofile_previous_soft": .stringConvertible(previousSoft),
            ]
            if let failure {
                logger.warning(
                    "open file limit left as it was: \(failure)", metadata: metadata)
            } else if soft > previousSoft {
                logger.info("open file limit raised to the hard limit", metadata: metadata)
            } else {
                logger.info("open file limit already at the hard limit", metadata: metadata)
            }
        }
    }

    /// Raises the soft limit to the hard limit (on macOS at most `OPEN_MAX`, which the kernel enforces
    /// for an unlimited hard limit) and reports what applies.
    static func raiseSoftLimitToHard() -> Outcome {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else {
            return Outcome(previousSoft: 0, soft: 0, hard: 0, failure: "getrlimit failed: \(describeErrno())")
        }
        let previous = UInt64(limit.rlim_cur)
        let hard = UInt64(limit.rlim_max)
        var target = limit.rlim_max
        #if canImport(Darwin)
            target = min(target, rlim_t(OPEN_MAX))
        #endif
        guard target > limit.rlim_cur else {
            return Outcome(previousSoft: previous, soft: previous, hard: hard)
        }
        var raised = limit
        raised.rlim_cur = target
        guard setrlimit(resource, &raised) == 0 else {
            return Outcome(
                previousSoft: previous, soft: previous, hard: hard, failure: "setrlimit failed: \(describeErrno())")
        }
        return Outcome(previousSoft: previous, soft: UInt64(target), hard: hard)
    }

    /// The soft limit in force now, or nil when it cannot be read.
    static func currentSoftLimit() -> UInt64? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        return UInt64(limit.rlim_cur)
    }

    /// The number of descriptors the process holds now (counting the one used to list them), or nil
    /// where the platform does not list them.
    static func descriptorsInUse() -> Int? {
        #if os(Linux)
            let folder = "/proc/self/fd"
        #else
            let folder = "/dev/fd"
        #endif
        return try? FileManager.default.contentsOfDirectory(atPath: folder).count
    }

    #if canImport(Glibc)
        private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resource = RLIMIT_NOFILE
    #endif

    private static func describeErrno() -> String {
        String(cString: strerror(errno))
    }
}
