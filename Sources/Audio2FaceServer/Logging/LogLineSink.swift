import Foundation

/// Where a handler's formatted lines go: standard output, a rotating file, CloudWatch.
/// `write` is called from any task and must not block for long.
protocol LogLineSink: Sendable {
    func write(_ line: String, at time: LogTimestamp)
}

/// Lines on standard output, each written whole with one `write(2)`.
struct StandardOutputSink: LogLineSink {
    func write(_ line: String, at time: LogTimestamp) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        writeFully(bytes, to: STDOUT_FILENO)
    }
}

/// Writes every byte of `bytes` to `descriptor`, retrying short writes and interruptions; false when the
/// descriptor refuses (disk full, closed pipe).
@discardableResult
func writeFully(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
