import Logging

/// A swift-log handler that formats each event as one line and hands it to a sink; one per configured
/// destination, combined with swift-log's `MultiplexLogHandler` so that each keeps its own level.
struct LineLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    let label: String
    let host: String
    let format: LogLineFormat
    let sink: any LogLineSink

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
        sink.write(format.render(record), at: time)
    }
}
