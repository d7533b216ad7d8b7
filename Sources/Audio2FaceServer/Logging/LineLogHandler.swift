import Logging

/// One configured log destination: where lines go, in which format, from which level up.
struct LogDestination: Sendable {
    var level: Logger.Level
    var format: LogLineFormat
    var sink: any LogLineSink
}

/// A swift-log handler that writes each event as one line to every destination whose level allows it.
/// The event's metadata is merged and its time taken once, and each format is rendered at most once,
/// however many destinations share it.
struct LineLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    let label: String
    let host: String
    let destinations: [LogDestination]
    /// Set through `logLevel`: one level for every destination, as swift-log's multiplexer does.
    private var levelOverride: Logger.Level?

    init(label: String, host: String, destinations: [LogDestination]) {
        self.label = label
        self.host = host
        self.destinations = destinations
    }

    /// The lowest level any destination takes (swift-log drops events below it before `log`).
    var logLevel: Logger.Level {
        get { levelOverride ?? destinations.map(\.level).min() ?? .critical }
        set { levelOverride = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        let time = LogTimestamp.now
        let record = LogRecord(
            time: time, host: host, label: label, level: event.level, message: event.message.description,
            metadata: merged, source: event.source, file: event.file, line: event.line)
        var rendered: [LogLineFormat: String] = [:]
        for destination in destinations where event.level >= (levelOverride ?? destination.level) {
            let line = rendered[destination.format] ?? destination.format.render(record)
            rendered[destination.format] = line
            destination.sink.write(line, at: time)
        }
    }
}
