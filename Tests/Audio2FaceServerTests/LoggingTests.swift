import Audio2Face
import Audio2FaceClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import WSCore

@testable import Audio2FaceServer

@Suite(.serialized, .timeLimit(.minutes(2))) struct LoggingTests {
    /// A fresh folder for one test's log files.
    private static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("a2f-logging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static func lines(of path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// A config with the console off (tests write only where they look) and, where a level is given,
    /// the file and JSON handlers on at that level ("" = `log_level`), writing into a fresh folder.
    private static func config(logLevel: String = "info", file fileLevel: String? = nil, json jsonLevel: String? = nil)
        throws -> ServiceConfig
    {
        func level(_ name: String) throws -> Logger.Level? {
            name.isEmpty ? nil : try #require(Logger.Level(rawValue: name))
        }
        var config = ServiceConfig()
        config.logLevel = try #require(try level(logLevel))
        config.logging.console.enabled = false
        let folder = try temporaryFolder()
        if let fileLevel {
            config.logging.file.enabled = true
            config.logging.file.level = try level(fileLevel)
            config.logging.file.path = folder.appendingPathComponent("service.log").path
        }
        if let jsonLevel {
            config.logging.json.enabled = true
            config.logging.json.level = try level(jsonLevel)
            config.logging.json.path = folder.appendingPathComponent("service.jsonl").path
        }
        return config
    }

    @Test("each destination writes what its own level allows; JSON lines parse with every field")
    func levelsPerDestination() throws {
        let config = try Self.config(file: "warning", json: "debug")
        let logging = try ServiceLogging(config: config)
        var logger = logging.logger(label: "audio2face.test")
        logger[metadataKey: "stream.id"] = "abc 1"

        logger.trace("trace line")
        logger.debug("debug line")
        logger.info("info line", metadata: ["segment.seconds": .stringConvertible(0.5)])
        logger.warning("warning line", metadata: ["inference.ms": .stringConvertible(12)])

        let human = try Self.lines(of: config.logging.file.path)
        #expect(human.count == 1)
        let line = try #require(human.first)
        #expect(line.hasSuffix(#" audio2face.test WARNING warning line inference.ms=12 stream.id="abc 1""#))
        #expect(line.contains(" \(ServiceLogging.hostName) "))
        #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z "#, options: .regularExpression) != nil)

        let json = try Self.lines(of: config.logging.json.path)
        #expect(json.count == 3)
        let objects = try json.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["level"] as? String } == ["debug", "info", "warning"])
        #expect(objects.map { $0["message"] as? String } == ["debug line", "info line", "warning line"])
        #expect(
            objects.allSatisfy {
                $0["logger"] as? String == "audio2face.test" && $0["host"] as? String == ServiceLogging.hostName
            })
        #expect(
            objects.allSatisfy {
                ($0["time"] as? String)?.hasSuffix("Z") == true && $0["line"] is Int && $0["file"] is String
            })
        let metadata = try #require(objects[1]["metadata"] as? [String: String])
        #expect(metadata == ["stream.id": "abc 1", "segment.seconds": "0.5"])
    }

    @Test("a destination without a level of its own follows log_level")
    func topLevelLevel() throws {
        let config = try Self.config(logLevel: "error", file: "")
        let logger = try ServiceLogging(config: config).logger(label: "t")
        logger.warning("not written")
        logger.error("written")
        let lines = try Self.lines(of: config.logging.file.path)
        #expect(lines.count == 1)
        #expect(lines.first?.hasSuffix(" t ERROR written") == true)
    }

    @Test("line breaks and quotes cannot forge events: one event is one line in both formats")
    func oneEventOneLine() throws {
        let config = try Self.config(file: "", json: "")
        let logger = try ServiceLogging(config: config).logger(label: "t")
        let hostile = "first\n2026-01-01T00:00:00.000Z host t CRITICAL forged \"quoted\"\t\u{01}"
        logger.info("\(hostile)", metadata: ["client.value": .string(hostile)])
        #expect(try Self.lines(of: config.logging.file.path).count == 1)
        let json = try Self.lines(of: config.logging.json.path)
        #expect(json.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json[0].utf8)) as? [String: Any])
        #expect(object["message"] as? String == hostile)
        #expect((object["metadata"] as? [String: String])?["client.value"] == hostile)
    }

    @Test("the file rotates by size, keeps backup_count backups, and the tail reads across them")
    func rotation() throws {
        let folder = try Self.temporaryFolder()
        let path = folder.appendingPathComponent("rotating.log").path
        let file = try RotatingLogFile(path: path, maxBytes: 4_096, backupCount: 2)
        let lines = (0..<300).map { String(format: "line %04d ", $0) + String(repeating: "x", count: 90) }
        for line in lines { file.write(line, at: .now) }

        #expect(file.filesNewestFirst == [path, "\(path).1", "\(path).2"])
        #expect(!FileManager.default.fileExists(atPath: "\(path).3"))
        for name in file.filesNewestFirst {
            let size = try #require(FileManager.default.attributesOfItem(atPath: name)[.size] as? Int)
            #expect(size <= 4_096)
            if name != path { #expect(size > 4_096 - 100, "a backup is filled up to the last whole line") }
        }
        let kept = try file.filesNewestFirst.reversed().flatMap { try Self.lines(of: $0) }
        #expect(kept == Array(lines.suffix(kept.count)))  // the newest lines, in order, none lost inside

        let current = try Self.lines(of: path)
        #expect(try LogFileTail.lastLines(3, of: file.filesNewestFirst).lines == Array(lines.suffix(3)))
        let acrossFiles = current.count + 5
        #expect(
            try LogFileTail.lastLines(acrossFiles, of: file.filesNewestFirst).lines == Array(lines.suffix(acrossFiles)))
        #expect(try LogFileTail.lastLines(10_000, of: file.filesNewestFirst).lines == kept)
    }

    @Test("an existing log file is appended to, not replaced")
    func appends() throws {
        let folder = try Self.temporaryFolder()
        let path = folder.appendingPathComponent("nested/again/service.log").path
        try RotatingLogFile(path: path, maxBytes: 4_096, backupCount: 1).write("before restart", at: .now)
        try RotatingLogFile(path: path, maxBytes: 4_096, backupCount: 1).write("after restart", at: .now)
        #expect(try Self.lines(of: path) == ["before restart", "after restart"])
    }

    @Test("an unwritable log file stops start-up with a message naming the path and the key")
    func unwritableFile() throws {
        var config = try Self.config(file: "")
        config.logging.file.path = "/proc/a2f-no-such-folder/service.log"
        do {
            _ = try ServiceLogging(config: config)
            Issue.record("an unwritable log file was accepted")
        } catch {
            #expect(error.description.contains("/proc/a2f-no-such-folder/service.log"))
            #expect(error.description.contains("logging.file.path"))
        }
    }

    @Test("the logging section is validated key by key")
    func configValidation() throws {
        let cases: [(yaml: String, key: String)] = [
            ("logging:\n  console:\n    level: loud\n", "logging.console.level"),
            ("logging:\n  file:\n    max_bytes: 10\n", "logging.file.max_bytes"),
            ("logging:\n  file:\n    path: \"-\"\n", "logging.file.path"),
            ("logging:\n  json:\n    backup_count: -1\n", "logging.json.backup_count"),
            ("logging:\n  cloudwatch:\n    enabled: true\n    batch_size: 20000\n", "logging.cloudwatch.batch_size"),
            ("logging:\n  cloudwatch:\n    enabled: true\n    endpoint: ftp://x\n", "logging.cloudwatch.endpoint"),
            ("logging:\n  colour: true\n", "logging.colour"),
            ("log_level: verbose\n", "log_level"),
        ]
        for (yaml, key) in cases {
            do {
                _ = try ServiceConfig.parse(yaml: yaml)
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect(error.description.contains(key), "\(error.description) should name \(key)")
            }
        }
        let json = try ServiceConfig.parse(yaml: "logging:\n  json:\n    enabled: true\n").logging.json
        #expect(json.path == "-" && json.writesToStandardOutput && json.maxBytes == 10 * 1024 * 1024)
    }

    @Test("/tail_log/{n} returns the last n lines HTML-escaped; /download_log_file and its misspelt alias the file")
    func logRoutes() async throws {
        let config = try Self.config(file: "")
        let logging = try ServiceLogging(config: config)
        let logger = logging.logger(label: "routes")
        for index in 1...5 { logger.info("line \(index) <b>&'\"") }
        let path = config.logging.file.path
        try await ServerHarness.withServer(try ServerHarness.parts(), logging: logging) { client in
            try await client.execute(uri: "/tail_log/3", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let page = String(buffer: response.body)
                let pre = try #require(
                    page.components(separatedBy: "<pre>").last?.components(separatedBy: "</pre>").first)
                let shown = pre.split(separator: "\n").map(String.init)
                #expect(shown.count == 3)
                #expect(
                    zip(shown, 3...5).allSatisfy { $0.hasSuffix(" routes INFO line \($1) &lt;b&gt;&amp;&#39;&quot;") })
                #expect(!page.contains("<b>"))
            }
            for bad in ["0", "-1", "abc", "10001"] {
                try await client.execute(uri: "/tail_log/\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest, "n = \(bad)")
                }
            }
            let content = try String(contentsOfFile: path, encoding: .utf8)
            for route in ["/download_log_file", "/dowload_log_file"] {
                try await client.execute(uri: route, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentDisposition] == "attachment; filename=\"service.log\"")
                    #expect(String(buffer: response.body) == content)
                }
            }
        }
    }

    @Test("the log endpoints answer 503 with the key to set when file logging is off")
    func logRoutesWithoutFile() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            for route in ["/tail_log/3", "/download_log_file", "/dowload_log_file"] {
                try await client.execute(uri: route, method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(String(buffer: response.body).contains("logging.file.enabled"))
                }
            }
        }
    }

    @Test("with auth on, the log endpoints need the API key")
    func logRoutesBehindAuth() async throws {
        let config = try Self.config(file: "")
        let logging = try ServiceLogging(config: config)
        logging.logger(label: "auth").info("secret line")
        var serverConfig = ServiceConfig()
        serverConfig.auth.enabled = true
        let parts = try ServerHarness.parts(config: serverConfig, apiKeys: APIKeyStore(keys: ["log-key"]))
        try await ServerHarness.withServer(parts, logging: logging) { client in
            for route in ["/tail_log/1", "/download_log_file"] {
                try await client.execute(uri: route, method: .get) { response in
                    #expect(response.status == .unauthorized)
                    #expect(!String(buffer: response.body).contains("secret line"))
                }
                try await client.execute(uri: route, method: .get, headers: [.authorization: "Bearer log-key"]) {
                    response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("secret line"))
                }
            }
        }
    }

    @Test("a stream logs its start, each segment at debug, its end, and a failure with reason and close code")
    func streamLogLines() async throws {
        let config = try Self.config(logLevel: "debug", json: "")
        let logging = try ServiceLogging(config: config)
        let wav = try ServerHarness.fixture("speech-short.wav")
        try await ServerHarness.withServer(
            try ServerHarness.parts(), logging: logging, logger: logging.logger(label: "server")
        ) { client in
            var options = StreamClient.Options()
            options.requestID = "logged-stream"
            let outcome = try await ServerHarness.stream(wav, options: options, client: client)
            #expect(outcome.report?.frames != nil)
            _ = try await ServerHarness.sendRaw([.text("not protobuf")], client: client)
        }
        let events = try Self.lines(of: config.logging.json.path).map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        func metadata(_ message: String) -> [[String: String]] {
            events.filter { $0["message"] as? String == message }.compactMap { $0["metadata"] as? [String: String] }
        }
        let started = try #require(metadata("stream started").first)
        #expect(started["stream.id"] == "logged-stream")
        #expect(started["stream.format"] == "16000 Hz, 16-bit, 1 ch")
        #expect(started["stream.profile"] == "arkit-default")
        let segments = metadata("segment inferred").filter { $0["stream.id"] == "logged-stream" }
        #expect(!segments.isEmpty)
        #expect(segments.allSatisfy { $0["inference.ms"].flatMap(Double.init) != nil && $0["segment.seconds"] != nil })
        let finished = try #require(metadata("stream finished").first)
        #expect(finished["stream.id"] == "logged-stream")
        #expect(finished["stream.frames"].flatMap(Int.init) == Int((wav.durationSeconds * 30).rounded(.up)))
        #expect(
            finished["stream.audio_seconds"].flatMap(Double.init).map { abs($0 - wav.durationSeconds) < 0.01 } == true)
        #expect(finished["stream.processing_seconds"].flatMap(Double.init) != nil)
        let failed = try #require(metadata("stream failed").first)
        #expect(failed["stream.close_code"] == "1008")
        #expect(failed["stream.reason"]?.isEmpty == false)
    }
}
