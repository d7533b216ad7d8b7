import Foundation

/// Reads a process's CPU time and resident memory from `/proc` (Linux).
public struct ProcessProbe: Sendable {
    /// The process watched.
    public let pid: Int32

    /// Watches process `pid`.
    public init(pid: Int32) {
        self.pid = pid
    }

    /// Watches this process.
    public static var current: ProcessProbe { ProcessProbe(pid: getpid()) }

    /// User + system CPU seconds the process has used so far.
    public func cpuSeconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident set size in bytes.
    public func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1_024 }
        }
        return nil
    }
}
