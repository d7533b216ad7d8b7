import CDispatch
import Foundation

// The C structs this file uses (stat, timeval) are owned by CoreFoundation's module on Linux when
// Foundation has loaded it first, which release builds do; member visibility then needs the import.
#if canImport(CoreFoundation)
    import CoreFoundation
#endif

/// The last lines of a rotating log (the current file, then its backups), read backwards from the end
/// in blocks, so that the cost follows what is shown, not the size of the log. Everything is bounded by
/// ``Limits``: each line is cut to a maximum length (with a marker), the text returned has a maximum
/// size, and the scan for line starts stops after a maximum number of bytes. It blocks while it reads:
/// run it off the event loops and the cooperative pool.
enum LogFileTail {
    /// The bounds of one tail.
    struct Limits: Sendable, Equatable {
        /// Longest line returned, in bytes; the rest is replaced by `…[N bytes cut]`.
        var maxLineBytes = 4_096
        /// Most bytes of text returned (lines and markers; older lines are left out beyond it).
        var maxTextBytes = 1_048_576
        /// Most bytes read while looking for the start of lines (older lines are left out beyond it).
        var maxScannedBytes = 32 * 1_048_576
    }

    /// Why a tail holds fewer lines than asked for although the log has more.
    enum Shortfall: Sendable, Equatable {
        /// The text reached ``Limits/maxTextBytes``.
        case textLimit
        /// The scan reached ``Limits/maxScannedBytes``.
        case scanLimit
    }

    /// The lines found, oldest first, and why older ones were left out (nil: none were, or the log
    /// has no more).
    struct Tail: Sendable, Equatable {
        var lines: [String]
        var shortfall: Shortfall?
    }

    /// At most `count` lines, oldest first, from `files` (newest file first).
    static func lastLines(_ count: Int, of files: [String], limits: Limits = Limits()) throws -> Tail {
        var reader = BackwardReader(wanted: count, limits: limits)
        for file in files where reader.needsMore {
            try reader.read(file)
        }
        return Tail(lines: reader.newestFirst.reversed(), shortfall: reader.shortfall)
    }

    /// Collects lines newest first across files, keeping count of the budgets.
    private struct BackwardReader {
        let wanted: Int
        let limits: Limits
        var newestFirst: [String] = []
        var shortfall: Shortfall?
        private var textBytes = 0
        private var scannedBytes = 0
        private static let blockSize = 65_536

        init(wanted: Int, limits: Limits) {
            self.wanted = wanted
            self.limits = limits
        }

        var needsMore: Bool { newestFirst.count < wanted && shortfall == nil }

        /// Adds the lines of `path` from its end until enough are found or a budget runs out.
        mutating func read(_ path: String) throws {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                if errno == ENOENT { return }  // rotated away since it was listed
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return }
            var lineEnd = Int(status.st_size)  // exclusive end of the newest line not yet taken
            if try Self.bytes(of: descriptor, at: lineEnd - 1, count: 1) == [UInt8(ascii: "\n")] {
                lineEnd -= 1  // the newline ending the file ends its last line
            }
            var position = lineEnd
            var block = [UInt8](repeating: 0, count: Self.blockSize)
            while position > 0 && needsMore {
                guard scannedBytes < limits.maxScannedBytes else {
                    shortfall = .scanLimit
                    return
                }
                let start = max(0, position - Self.blockSize)
                let length = try Self.read(descriptor, into: &block, at: start, count: position - start)
                scannedBytes += length
                for index in Self.newlineOffsets(in: block, count: length).reversed() {
                    try take(descriptor, from: start + index + 1, to: lineEnd)
                    lineEnd = start + index
                    if !needsMore { return }
                }
                position = start
            }
            if needsMore {
                try take(descriptor, from: 0, to: lineEnd)  // the file's first line
            }
        }

        /// Where the newlines are in the first `count` bytes of `block`, in order.
        private static func newlineOffsets(in block: [UInt8], count: Int) -> [Int] {
            block.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return [] }
                var offsets: [Int] = []
                var offset = 0
                while offset < count, let hit = memchr(base + offset, Int32(UInt8(ascii: "\n")), count - offset) {
                    let index = base.distance(to: UnsafeRawPointer(hit))
                    offsets.append(index)
                    offset = index + 1
                }
                return offsets
            }
        }

        /// Takes the line in `start..<end`, cut to the line limit, if the text budget allows it.
        private mutating func take(_ descriptor: Int32, from start: Int, to end: Int) throws {
            let length = end - start
            let kept = min(length, limits.maxLineBytes)
            var line = String(decoding: try Self.bytes(of: descriptor, at: start, count: kept), as: UTF8.self)
            if kept < length { line += LogText.cutMarker(bytes: length - kept) }
            guard textBytes + line.utf8.count <= limits.maxTextBytes else {
                shortfall = .textLimit
                return
            }
            textBytes += line.utf8.count
            newestFirst.append(line)
        }

        private static func bytes(of descriptor: Int32, at offset: Int, count: Int) throws -> [UInt8] {
            var buffer = [UInt8](repeating: 0, count: count)
            let length = try read(descriptor, into: &buffer, at: offset, count: count)
            return Array(buffer.prefix(length))
        }

        /// Reads up to `count` bytes at `offset` into the start of `buffer`; fewer only at the end of the file.
        private static func read(_ descriptor: Int32, into buffer: inout [UInt8], at offset: Int, count: Int) throws
            -> Int
        {
            var total = 0
            while total < count {
                let result = buffer.withUnsafeMutableBytes { raw in
                    pread(descriptor, raw.baseAddress! + total, count - total, off_t(offset + total))
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                if result == 0 { break }
                total += result
            }
            return total
        }
    }
}
