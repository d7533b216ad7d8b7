import Foundation
import Synchronization

/// A log file that rotates by size: before a line would take `path` past `maxBytes`, `path.N-1` becomes
/// `path.N`, …, `path` becomes `path.1` and a fresh `path` is started (`backupCount` = N files kept).
/// Writes are serialised; each line goes out with one `write(2)` on an `O_APPEND` descriptor.
final class RotatingLogFile: LogLineSink {
    let path: String
    let maxBytes: Int
    let backupCount: Int
    private let state: Mutex<State>

    private struct State {
        var descriptor: Int32
        var size: Int
        var reportedFailure = false
    }

    /// Opens (or creates, with its folder) the file at `path` for appending.
    init(path: String, maxBytes: Int, backupCount: Int) throws(LoggingSetupError) {
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
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        state = Mutex(State(descriptor: descriptor, size: size))
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
            if writeFully(bytes, to: state.descriptor) {
                state.size += bytes.count
            } else if !state.reportedFailure {
                state.reportedFailure = true
                let reason = String(cString: strerror(errno))
                writeFully(Array("audio2face: cannot write the log file \(path): \(reason)\n".utf8), to: STDERR_FILENO)
            }
        }
    }

    /// The files holding the log, newest first: `path`, `path.1`, … (only those that exist).
    var filesNewestFirst: [String] {
        ([path] + (0..<backupCount).map { "\(path).\($0 + 1)" }).filter { FileManager.default.fileExists(atPath: $0) }
    }

    private func rotate(_ state: inout State) {
        if backupCount == 0 {
            _ = ftruncate(state.descriptor, 0)
            state.size = 0
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
