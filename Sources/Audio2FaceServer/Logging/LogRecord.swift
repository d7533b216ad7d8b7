import CDispatch
import Foundation
import Logging

// The C structs this file uses (stat, timeval) are owned by CoreFoundation's module on Linux when
// Foundation has loaded it first, which release builds do; member visibility then needs the import.
#if canImport(CoreFoundation)
    import CoreFoundation
#endif

/// One log event as the line formats see it: the event, its merged metadata, when it happened and
/// where (host and logger label).
struct LogRecord {
    var time: LogTimestamp
    var host: String
    var label: String
    var level: Logger.Level
    var message: String
    var metadata: Logger.Metadata
    var source: String
    var file: String
    var line: UInt
}

/// Wall-clock time of a log event, in milliseconds since 1970 (what CloudWatch wants) and as ISO 8601.
struct LogTimestamp: Comparable {
    var millisecondsSince1970: Int64

    /// The current time.
    static var now: LogTimestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return LogTimestamp(millisecondsSince1970: Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    static func < (lhs: LogTimestamp, rhs: LogTimestamp) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    /// `2026-11-25T09:41:07.042Z` (UTC, milliseconds).
    var iso8601: String {
        var seconds = time_t(millisecondsSince1970 / 1_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let milliseconds = Int(millisecondsSince1970 % 1_000)
        return "\(parts.tm_year + 1900)-\(Self.pad(Int(parts.tm_mon) + 1))-\(Self.pad(Int(parts.tm_mday)))"
            + "T\(Self.pad(Int(parts.tm_hour))):\(Self.pad(Int(parts.tm_min))):\(Self.pad(Int(parts.tm_sec)))"
            + ".\(Self.pad(milliseconds, width: 3))Z"
    }

    private static func pad(_ value: Int, width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
