import Logging

/// How a handler turns a ``LogRecord`` into one line (without the newline).
enum LogLineFormat: Sendable {
    /// `time host logger LEVEL message key=value …`, for people.
    case human
    /// One JSON object per line, for log shippers.
    case json

    func render(_ record: LogRecord) -> String {
        switch self {
        case .human: Self.humanLine(record)
        case .json: Self.jsonLine(record)
        }
    }

    /// One event, one line: control characters in the message and every key and value are escaped
    /// (``LogText``), and values are quoted, so neither a line break nor a quote in a client's string can
    /// forge a line or a field. The message is the service's own text, so its quotes stay as they are.
    private static func humanLine(_ record: LogRecord) -> String {
        var line =
            "\(record.time.iso8601) \(record.host) \(record.label) \(record.level.rawValue.uppercased()) "
            + LogText.escaped(LogText.truncated(record.message, limit: LogText.maxMessageBytes), quotes: false)
        for key in record.metadata.keys.sorted() {
            line += " \(LogText.escaped(key))=\(humanValue(record.metadata[key]!))"
        }
        return line
    }

    private static func humanValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): LogText.humanValue(text)
        case .stringConvertible(let convertible): humanValue(.string(convertible.description))
        case .array(let values): "[\(values.map(humanValue).joined(separator: ", "))]"
        case .dictionary(let values):
            "{\(values.keys.sorted().map { "\($0)=\(humanValue(values[$0]!))" }.joined(separator: ", "))}"
        }
    }

    private static func jsonLine(_ record: LogRecord) -> String {
        var fields = [
            "\"time\":\(jsonString(record.time.iso8601))",
            "\"host\":\(jsonString(record.host))",
            "\"logger\":\(jsonString(record.label))",
            "\"level\":\(jsonString(record.level.rawValue))",
            "\"message\":\(jsonString(LogText.truncated(record.message, limit: LogText.maxMessageBytes)))",
        ]
        if !record.metadata.isEmpty { fields.append("\"metadata\":\(jsonValue(.dictionary(record.metadata)))") }
        fields.append("\"source\":\(jsonString(record.source))")
        fields.append("\"file\":\(jsonString(record.file))")
        fields.append("\"line\":\(record.line)")
        return "{\(fields.joined(separator: ","))}"
    }

    private static func jsonValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): jsonString(LogText.truncated(text, limit: LogText.maxValueBytes))
        case .stringConvertible(let convertible): jsonValue(.string(convertible.description))
        case .array(let values): "[\(values.map(jsonValue).joined(separator: ","))]"
        case .dictionary(let values):
            "{\(values.keys.sorted().map { "\(jsonString($0)):\(jsonValue(values[$0]!))" }.joined(separator: ","))}"
        }
    }

    /// A JSON string literal (RFC 8259 escapes; C1 controls, DEL and the Unicode line separators as
    /// `\u` escapes too, so the line is safe on a terminal; other characters as UTF-8).
    static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where LogText.isUnsafe(scalar):
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
