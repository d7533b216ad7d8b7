import CDispatch
import Foundation
import Synchronization

// The C structs this file uses (stat, timeval) are owned by CoreFoundation's module on Linux when
// Foundation has loaded it first, which release builds do; member visibility then needs the import.
#if canImport(CoreFoundation)
    import CoreFoundation
#endif

/// A log file that rotates by size: before a line would take `path` past `maxBytes`, `path.N-1` becomes
/// `path.N`, …, `path` becomes `path.1` and a fresh `path` is started (`backupCount` = N files kept).
/// Writes are serialised; each line goes out with one `write(2)` on an `O_APPEND` descriptor.
///
/// When made with `repeatsStartupLines`, the lines written before ``endStartup()`` (at most
/// ``maxStartupLines`` lines and ``maxStartupBytes`` bytes) are written again at the top of every fresh
/// file, after a rotation or ``reopen()``, so that however much one client logs, every file says which
/// configuration, model and address the process started with.
final class RotatingLogFile: LogLineSink {
    let path: String
    let maxBytes: Int
    let backupCount: Int
    /// Most start-up lines kept for repeating.
    static let maxStartupLines = 64
    /// Most start-up bytes kept for repeating (never more than a quarter of `maxBytes` are repeated).
    static let maxStartupBytes = 16 * 1_024
    private let state: Mutex<State>

    private struct State {
        var descriptor: Int32
        var size: Int
        var reportedFailure = false
        var startup: StartupLines
    }

    /// The lines that open every fresh file.
    private enum StartupLines {
        /// Lines are not repeated.
        case off
        /// Start-up is still going on; lines written so far (each with its newline).
        case collecting([UInt8], lineCount: Int)
        /// Start-up is over; these bytes open each fresh file.
        case complete([UInt8])
    }

    /// Opens (or creates, with its folder) the file at `path` for appending.
    init(path: String, maxBytes: Int, backupCount: Int, repeatsStartupLines: Bool = false) throws(LoggingSetupError) {
        self.path = path
        self.maxBytes = maxBytes
        self.backupCount = backupCount
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .unwritableLogFile(path: path, reason: error.localizedDescription)
            }
        }
        let descriptor = try Self.open(path, truncating: false)
        state = Mutex(
            State(
                descriptor: descriptor, size: Self.size(of: descriptor),
                startup: repeatsStartupLines ? .collecting([], lineCount: 0) : .off))
    }

    deinit {
        state.withLock { _ = close($0.descriptor) }
    }

    func write(_ line: String, at time: LogTimestamp) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        state.withLock { state in
            if state.size > 0 && state.size + bytes.count > maxBytes {
                rotate(&state)
            }
            append(bytes, to: &state)
            collectStartupLine(bytes, in: &state)
        }
    }

    /// Ends start-up: the lines written until now are the ones repeated at the top of each fresh file.
    func endStartup() {
        state.withLock { state in
            if case .collecting(let bytes, _) = state.startup { state.startup = .complete(bytes) }
        }
    }

    /// Closes the file and opens `path` again, creating it when it has been moved away (by logrotate);
    /// a fresh file starts with the start-up lines. On failure the old descriptor stays in use.
    func reopen() throws(LoggingSetupError) {
        let descriptor = try Self.open(path, truncating: false)
        state.withLock { state in
            _ = close(state.descriptor)
            state.descriptor = descriptor
            state.size = Self.size(of: descriptor)
            state.reportedFailure = false
            if state.size == 0 { writeStartupLines(to: &state) }
        }
    }

    /// The files holding the log, newest first: `path`, `path.1`, … (only those that exist).
    var filesNewestFirst: [String] {
        ([path] + (0..<backupCount).map { "\(path).\($0 + 1)" }).filter { FileManager.default.fileExists(atPath: $0) }
    }

    private func append(_ bytes: [UInt8], to state: inout State) {
        if writeFully(bytes, to: state.descriptor) {
            state.size += bytes.count
        } else if !state.reportedFailure {
            state.reportedFailure = true
            let reason = String(cString: strerror(errno))
            writeFully(Array("audio2face: cannot write the log file \(path): \(reason)\n".utf8), to: STDERR_FILENO)
        }
    }

    private func collectStartupLine(_ line: [UInt8], in state: inout State) {
        guard case .collecting(var bytes, let lineCount) = state.startup else { return }
        guard lineCount < Self.maxStartupLines, bytes.count + line.count <= Self.maxStartupBytes else {
            state.startup = .complete(bytes)
            return
        }
        bytes += line
        state.startup = .collecting(bytes, lineCount: lineCount + 1)
    }

    /// Starts a fresh file with the start-up lines, when they fit in a quarter of `maxBytes`.
    private func writeStartupLines(to state: inout State) {
        let lines: [UInt8]
        switch state.startup {
        case .off: return
        case .collecting(let bytes, _), .complete(let bytes): lines = bytes
        }
        guard !lines.isEmpty, lines.count <= maxBytes / 4 else { return }
        append(lines, to: &state)
    }

    private func rotate(_ state: inout State) {
        if backupCount == 0 {
            _ = ftruncate(state.descriptor, 0)
            state.size = 0
            writeStartupLines(to: &state)
            return
        }
        _ = close(state.descriptor)
        unlink("\(path).\(backupCount)")
        for index in stride(from: backupCount - 1, through: 1, by: -1) {
            rename("\(path).\(index)", "\(path).\(index + 1)")
        }
        rename(path, "\(path).1")
        state.descriptor = (try? Self.open(path, truncating: true)) ?? -1
        state.size = 0
        writeStartupLines(to: &state)
    }

    private static func size(of descriptor: Int32) -> Int {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    private static func open(_ path: String, truncating: Bool) throws(LoggingSetupError) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncating ? O_TRUNC : 0)
        let descriptor = Foundation.open(path, flags, 0o644)
        guard descriptor >= 0 else {
            throw .unwritableLogFile(path: path, reason: String(cString: strerror(errno)))
        }
        return descriptor
    }
}
