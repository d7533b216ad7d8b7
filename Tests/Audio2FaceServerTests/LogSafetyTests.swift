import Audio2Face
import Audio2FaceTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing
import UnixSignals

@testable import Audio2FaceServer

/// Log floods and log reading: the bounded tail, start-up lines kept across rotation, reopening after
/// logrotate, and what the operator signals do.
@Suite(.serialized, .timeLimit(.minutes(2))) struct LogSafetyTests {
    private static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("a2f-log-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static func lines(of path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// A log of `count` pairs: a short line `short i`, then a line of `hugeBytes` bytes starting `huge i `.
    private static func writeHugeLog(at path: String, count: Int, hugeBytes: Int) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        for index in 0..<count {
            let head = "huge \(index) "
            handle.write(Data("short \(index)\n\(head)".utf8))
            handle.write(Data(repeating: UInt8(ascii: "x"), count: hugeBytes - head.utf8.count))
            handle.write(Data("\n".utf8))
        }
    }

    @Test("a tail of a log with 1 MB lines returns the newest lines, each cut to 4 KiB with a marker")
    func hugeLinesAreCut() throws {
        let path = try Self.temporaryFolder().appendingPathComponent("huge.log").path
        try Self.writeHugeLog(at: path, count: 8, hugeBytes: 1_000_000)
        let tail = try LogFileTail.lastLines(5, of: [path])
        #expect(tail.shortfall == nil)
        #expect(tail.lines.count == 5)
        #expect(tail.lines.enumerated().filter { $0.offset % 2 == 1 }.map(\.element) == ["short 6", "short 7"])
        let limit = LogFileTail.Limits().maxLineBytes
        for (line, index) in zip([tail.lines[0], tail.lines[2], tail.lines[4]], 5...7) {
            #expect(line.hasPrefix("huge \(index) xxx"))
            #expect(line.hasSuffix("…[\(1_000_000 - limit) bytes cut]"))
            #expect(line.utf8.count == limit + "…[\(1_000_000 - limit) bytes cut]".utf8.count)
        }
    }

    @Test("the text returned and the bytes scanned are bounded; the tail says which bound left lines out")
    func boundsLeaveOlderLinesOut() throws {
        let path = try Self.temporaryFolder().appendingPathComponent("bounded.log").path
        try Self.writeHugeLog(at: path, count: 8, hugeBytes: 1_000_000)
        let scan = try LogFileTail.lastLines(
            10_000, of: [path], limits: .init(maxLineBytes: 64, maxTextBytes: 1_000_000, maxScannedBytes: 2_500_000))
        #expect(scan.shortfall == .scanLimit)
        #expect(scan.lines.count == 4)  // short 6, huge 6, short 7, huge 7: finding huge 5's start needs a third MB
        #expect(scan.lines.last == "huge 7 " + String(repeating: "x", count: 57) + "…[999936 bytes cut]")

        let text = try LogFileTail.lastLines(
            10_000, of: [path], limits: .init(maxLineBytes: 100, maxTextBytes: 240, maxScannedBytes: .max))
        #expect(text.shortfall == .textLimit)
        #expect(text.lines.map { $0.prefix(7) } == ["short 7", "huge 7 "])
        #expect(text.lines.map(\.utf8.count).reduce(0, +) <= 240)

        let all = try LogFileTail.lastLines(10_000, of: [path], limits: .init(maxLineBytes: 16))
        #expect(all.shortfall == nil)
        #expect(all.lines.count == 16)
        #expect(all.lines.first == "short 0")
    }

    @Test("short files, empty lines and a last line without a newline are read as written")
    func edgeCases() throws {
        let folder = try Self.temporaryFolder()
        let cases: [(String, [String])] = [
            ("", []), ("\n", [""]), ("a", ["a"]), ("a\n", ["a"]), ("a\n\nb\n", ["a", "", "b"]), ("a\nb", ["a", "b"]),
        ]
        for (index, (content, expected)) in cases.enumerated() {
            let path = folder.appendingPathComponent("case-\(index).log").path
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try LogFileTail.lastLines(10, of: [path]).lines == expected, "content \(content.debugDescription)")
        }
        let missing = folder.appendingPathComponent("missing.log").path
        #expect(try LogFileTail.lastLines(3, of: [missing]).lines == [])
    }

    @Test("/tail_log on a log with 1 MB lines answers with capped lines and a note on what was left out")
    func tailRouteIsBounded() async throws {
        var config = ServiceConfig()
        config.logging.console.enabled = false
        config.logging.file.enabled = true
        config.logging.file.path = try Self.temporaryFolder().appendingPathComponent("service.log").path
        config.logging.file.maxBytes = 1 << 30
        try Self.writeHugeLog(at: config.logging.file.path, count: 1_200, hugeBytes: 20_000)
        let logging = try ServiceLogging(config: config)
        try await ServerHarness.withServer(try ServerHarness.parts(), logging: logging) { client in
            try await client.execute(uri: "/tail_log/10000", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                let pre = try #require(
                    page.components(separatedBy: "<pre>").last?.components(separatedBy: "</pre>").first)
                let shown = pre.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(shown.last?.hasPrefix("huge 1199 xxx") == true)
                #expect(shown.last?.hasSuffix("…[\(20_000 - LogFileTail.Limits().maxLineBytes) bytes cut]") == true)
                #expect(shown.allSatisfy { $0.utf8.count <= LogFileTail.Limits().maxLineBytes + 32 })
                #expect(pre.utf8.count <= LogFileTail.Limits().maxTextBytes + shown.count)
                #expect(shown.count < 2_400)
                #expect(page.contains("older lines left out"))
            }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("after start-up, every rotated file begins with the start-up lines, however much is logged later")
    func startupLinesOpenEveryFile() throws {
        let path = try Self.temporaryFolder().appendingPathComponent("rotating.log").path
        let file = try RotatingLogFile(path: path, maxBytes: 4_096, backupCount: 2, repeatsStartupLines: true)
        let startup = ["config loaded", "model loaded", "listening on 127.0.0.1:8000"]
        for line in startup { file.write(line, at: .now) }
        file.endStartup()
        let flood = (0..<300).map { String(format: "client line %04d ", $0) + String(repeating: "y", count: 80) }
        for line in flood { file.write(line, at: .now) }

        #expect(file.filesNewestFirst.count == 3)
        for name in file.filesNewestFirst {
            let lines = try Self.lines(of: name)
            #expect(Array(lines.prefix(3)) == startup, "\(name)")
            #expect(!lines.dropFirst(3).contains { startup.contains($0) }, "\(name)")
            #expect(try #require(FileManager.default.attributesOfItem(atPath: name)[.size] as? Int) <= 4_096)
        }
        #expect(try Self.lines(of: path).last == flood.last)
    }

    @Test("reopen after the file was moved away: new lines go to a fresh file at the path, led by the start-up lines")
    func reopenAfterMove() throws {
        let path = try Self.temporaryFolder().appendingPathComponent("service.log").path
        let file = try RotatingLogFile(path: path, maxBytes: 1 << 20, backupCount: 1, repeatsStartupLines: true)
        file.write("started", at: .now)
        file.endStartup()
        file.write("before the move", at: .now)
        try FileManager.default.moveItem(atPath: path, toPath: "\(path).rotated")
        file.write("after the move, before the reopen", at: .now)
        try file.reopen()
        file.write("after the reopen", at: .now)

        #expect(
            try Self.lines(of: "\(path).rotated") == [
                "started", "before the move", "after the move, before the reopen",
            ])
        #expect(try Self.lines(of: path) == ["started", "after the reopen"])
        try file.reopen()  // the file is still there: appended to, nothing repeated
        file.write("reopened again", at: .now)
        #expect(try Self.lines(of: path) == ["started", "after the reopen", "reopened again"])
    }

    @Test("ServiceLogging reopens the file log and the JSON file; an unopenable path is reported, not thrown")
    func serviceLoggingReopensBothFiles() throws {
        let folder = try Self.temporaryFolder()
        var config = ServiceConfig()
        config.logging.console.enabled = false
        config.logging.file.enabled = true
        config.logging.file.path = folder.appendingPathComponent("service.log").path
        config.logging.json.enabled = true
        config.logging.json.path = folder.appendingPathComponent("service.jsonl").path
        let logging = try ServiceLogging(config: config)
        let logger = logging.logger(label: "reopen")
        logger.info("first")
        logging.endStartup()
        for path in [config.logging.file.path, config.logging.json.path] {
            try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        }
        let results = logging.reopenFiles()
        #expect(results.map(\.path) == [config.logging.file.path, config.logging.json.path])
        #expect(results.allSatisfy { $0.failure == nil })
        logger.info("second")
        for path in [config.logging.file.path, config.logging.json.path] {
            let lines = try Self.lines(of: path)
            #expect(lines.count == 2)
            #expect(lines[0].contains("first") && lines[1].contains("second"))
        }

        try FileManager.default.removeItem(at: folder)
        try "not a folder".write(toFile: folder.path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: folder) }
        let failed = logging.reopenFiles()
        #expect(failed.count == 2)
        #expect(failed.allSatisfy { $0.failure?.description.contains($0.path) == true })
    }

    @Test("SIGHUP reopens the log files and says so; SIGUSR1 and SIGUSR2 are logged as ignored")
    func operatorSignals() async throws {
        let handler = CollectingLogHandler()
        let reopened = Mutex(0)
        let service = OperatorSignalService(
            signals: await UnixSignalsSequence(trapping: []),
            reopenLogFiles: {
                reopened.withLock { $0 += 1 }
                return [
                    (path: "/var/log/a2f.log", failure: nil),
                    (
                        path: "/var/log/a2f.jsonl",
                        failure: .unwritableLogFile(path: "/var/log/a2f.jsonl", reason: "gone")
                    ),
                ]
            },
            logger: Logger(label: "signals") { _ in handler })
        service.handle(.sigusr1)
        service.handle(.sigusr2)
        #expect(reopened.withLock { $0 } == 0)
        service.handle(.sighup)
        #expect(reopened.withLock { $0 } == 1)
        let lines = handler.lines
        #expect(lines.count == 4)
        #expect(
            lines[0].hasPrefix("signal ignored; only SIGTERM and SIGINT stop the service")
                && lines[0].contains("SIGUSR1"))
        #expect(lines[1].contains("SIGUSR2"))
        #expect(lines[2].hasPrefix("log files reopened") && lines[2].contains("/var/log/a2f.log"))
        #expect(!lines[2].contains("a2f.jsonl"))
        #expect(lines[3].hasPrefix("log file not reopened") && lines[3].contains("gone"))
    }
}
