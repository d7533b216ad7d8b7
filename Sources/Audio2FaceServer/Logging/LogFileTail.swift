import Foundation

/// Reads the last lines of a rotating log (the current file, then its backups), reading backwards in
/// blocks so that a large file costs only what is returned.
enum LogFileTail {
    /// At most `count` lines, oldest first, from `files` (newest file first).
    static func lastLines(_ count: Int, of files: [String]) throws -> [String] {
        var lines: [String] = []
        for file in files where lines.count < count {
            lines = try lastLines(count - lines.count, ofFile: file) + lines
        }
        return lines
    }

    private static func lastLines(_ count: Int, ofFile path: String) throws -> [String] {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var end = try handle.seekToEnd()
        var tail = Data()
        let blockSize: UInt64 = 64 * 1024
        // count + 1 newlines guarantee `count` whole lines (the file ends with a newline).
        while end > 0 && tail.count(of: UInt8(ascii: "\n")) <= count {
            let start = end > blockSize ? end - blockSize : 0
            try handle.seek(toOffset: start)
            tail = (try handle.read(upToCount: Int(end - start)) ?? Data()) + tail
            end = start
        }
        var lines = String(decoding: tail, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        if end > 0 && !lines.isEmpty { lines.removeFirst() }  // cut through the middle of a line
        return lines.suffix(count).map(String.init)
    }
}

extension Data {
    fileprivate func count(of byte: UInt8) -> Int {
        reduce(0) { $0 + ($1 == byte ? 1 : 0) }
    }
}
