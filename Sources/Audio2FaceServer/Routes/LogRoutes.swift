import Hummingbird
import NIOPosix

/// The reference service's log endpoints: `GET /tail_log/{n}` (the last n lines of the file log as an
/// HTML page, escaped, bounded by ``LogFileTail/Limits`` and read on NIO's blocking-I/O thread pool so
/// that it never holds up other requests) and `GET /download_log_file` (the current log file as an
/// attachment; the reference's misspelt `/dowload_log_file` answers too). Both answer 503 when file
/// logging is off.
struct LogRoutes<Context: RequestContext>: Sendable {
    let logFile: RotatingLogFile?
    /// Most lines one `/tail_log` request may ask for.
    static var maxTailLines: Int { 10_000 }

    func register(on router: Router<Context>) {
        router.get("/tail_log/{n}") { _, context -> Response in
            let file = try requireLogFile()
            guard let count = context.parameters.get("n", as: Int.self), (1...Self.maxTailLines).contains(count) else {
                throw HTTPError(.badRequest, message: "n must be a whole number from 1 to \(Self.maxTailLines)")
            }
            let tail = try await NIOThreadPool.singleton.runIfActive {
                try LogFileTail.lastLines(count, of: file.filesNewestFirst)
            }
            let page = """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>audio2face log: last \(count) lines</title></head>
                <body><pre>\(tail.lines.map(HTMLEscaping.escape).joined(separator: "\n"))</pre>\(Self.note(tail))</body></html>

                """
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        for path in ["/download_log_file", "/dowload_log_file"] {
            router.get(RouterPath(path)) { _, context -> Response in
                let file = try requireLogFile()
                let name = file.path.split(separator: "/").last.map(String.init) ?? "audio2face.log"
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: "text/plain; charset=utf-8",
                        .contentDisposition: "attachment; filename=\"\(name)\"",
                    ],
                    body: try await FileIO().loadFile(path: file.path, context: context))
            }
        }
    }

    /// Says why older lines are missing, when a bound left them out.
    private static func note(_ tail: LogFileTail.Tail) -> String {
        let limits = LogFileTail.Limits()
        switch tail.shortfall {
        case nil: return ""
        case .textLimit:
            return "\n<p>\(tail.lines.count) lines shown; older lines left out: a page holds at most "
                + "\(limits.maxTextBytes) bytes of log text.</p>"
        case .scanLimit:
            return "\n<p>\(tail.lines.count) lines shown; older lines left out: a tail reads at most "
                + "\(limits.maxScannedBytes) bytes of the log.</p>"
        }
    }

    private func requireLogFile() throws -> RotatingLogFile {
        guard let logFile else {
            throw HTTPError(
                .serviceUnavailable, message: "file logging is off; set logging.file.enabled: true in the config")
        }
        return logFile
    }
}
