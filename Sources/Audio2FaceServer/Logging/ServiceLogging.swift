import AsyncHTTPClient
import Audio2Face
import Foundation
import Logging
import ServiceLifecycle

/// The service's log destinations, built from the `logging` section: console, rotating file, JSON
/// lines and CloudWatch, each with its own level (empty = the top-level `log_level`). Loggers made by
/// ``logger(label:)`` write to all of them; the CloudWatch shipper runs as a service of the group.
public struct ServiceLogging: Sendable {
    private let destinations: [LogDestination]
    /// The human-readable log file (what `/tail_log` and `/download_log_file` serve), when on.
    let logFile: RotatingLogFile?
    /// Every log file (the human-readable one, then the JSON one), for reopening on SIGHUP.
    private let files: [RotatingLogFile]
    /// The CloudWatch shipper, when on.
    let cloudWatch: CloudWatchLogShipper?

    /// Opens the configured files and prepares the CloudWatch client; credentials and region missing
    /// from the config are read from `environment` (the standard AWS variables).
    public init(
        config: ServiceConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient = .shared
    ) throws(LoggingSetupError) {
        let logging = config.logging
        func level(_ own: Logger.Level?) -> Logger.Level {
            own ?? config.logLevel
        }
        var destinations: [LogDestination] = []
        if logging.console.enabled {
            destinations.append(
                LogDestination(level: level(logging.console.level), format: .human, sink: StandardOutputSink()))
        }
        var logFile: RotatingLogFile?
        if logging.file.enabled {
            let file = try RotatingLogFile(
                path: logging.file.path, maxBytes: logging.file.maxBytes, backupCount: logging.file.backupCount,
                repeatsStartupLines: true)
            destinations.append(LogDestination(level: level(logging.file.level), format: .human, sink: file))
            logFile = file
        }
        var jsonFile: RotatingLogFile?
        if logging.json.enabled {
            let sink: any LogLineSink
            if logging.json.writesToStandardOutput {
                sink = StandardOutputSink()
            } else {
                let file = try RotatingLogFile(
                    path: logging.json.path, maxBytes: logging.json.maxBytes, backupCount: logging.json.backupCount,
                    repeatsStartupLines: true)
                sink = file
                jsonFile = file
            }
            destinations.append(LogDestination(level: level(logging.json.level), format: .json, sink: sink))
        }
        var cloudWatch: CloudWatchLogShipper?
        if logging.cloudwatch.enabled {
            let shipper = try Self.makeShipper(logging.cloudwatch, environment: environment, httpClient: httpClient)
            destinations.append(LogDestination(level: level(logging.cloudwatch.level), format: .json, sink: shipper))
            cloudWatch = shipper
        }
        self.destinations = destinations
        self.logFile = logFile
        self.files = [logFile, jsonFile].compactMap { $0 }
        self.cloudWatch = cloudWatch
    }

    /// Marks the end of start-up: the lines the log files have received so far open every fresh file
    /// from now on (see ``RotatingLogFile``). `runService` calls it once the server listens.
    public func endStartup() {
        for file in files { file.endStartup() }
    }

    /// Reopens every log file at its configured path (after logrotate moved it away); returns each path
    /// with the reason it could not be reopened, if it could not (that file keeps its old descriptor).
    func reopenFiles() -> [(path: String, failure: LoggingSetupError?)] {
        files.map { file in
            do throws(LoggingSetupError) {
                try file.reopen()
                return (file.path, nil)
            } catch {
                return (file.path, error)
            }
        }
    }

    /// A logger writing to every destination, each at its own level.
    public func logger(label: String) -> Logger {
        let host = Self.hostName
        return Logger(label: label) { label in
            guard !destinations.isEmpty else { return SwiftLogNoOpLogHandler() }
            return LineLogHandler(label: label, host: host, destinations: destinations)
        }
    }

    /// Services that must run alongside the server (the CloudWatch shipper); run them before the
    /// server in the group so that they stop last and send the final lines.
    public var services: [any Service] {
        cloudWatch.map { [$0] } ?? []
    }

    /// Lines CloudWatch could not take (queue full or given up after retries); 0 when it is off.
    public var lostCloudWatchEvents: Int {
        cloudWatch.map { $0.droppedEventCount + $0.failedEventCount } ?? 0
    }

    /// Reads ``lostCloudWatchEvents`` for the metrics; nil when CloudWatch logging is off.
    var lostCloudWatchEventsReader: (@Sendable () -> Int)? {
        guard cloudWatch != nil else { return nil }
        return { @Sendable [self] in lostCloudWatchEvents }
    }

    private static func makeShipper(
        _ config: CloudWatchLogConfig, environment: [String: String], httpClient: HTTPClient
    ) throws(LoggingSetupError) -> CloudWatchLogShipper {
        let region = [config.region, environment["AWS_REGION"] ?? "", environment["AWS_DEFAULT_REGION"] ?? ""]
            .first { !$0.isEmpty }
        guard let region else {
            throw .missingCloudWatchSetting(key: "logging.cloudwatch.region", environment: "AWS_REGION")
        }
        let credentials = try AWSCredentials(config: config, environment: environment)
        let client = CloudWatchLogsClient(
            region: region, endpoint: config.endpoint, credentials: credentials, httpClient: httpClient)
        return CloudWatchLogShipper(
            client: client, group: config.logGroup, stream: config.logStream.isEmpty ? hostName : config.logStream,
            batchSize: config.batchSize, maxQueuedEvents: config.maxQueuedEvents,
            sendInterval: .milliseconds(Int64(config.sendIntervalSeconds * 1_000)))
    }

    /// This machine's name, as every log line carries it.
    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
    }()
}
