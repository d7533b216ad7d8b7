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

    private static func humanLine(_ record: LogRecord) -> String {
        var line = "\(record.time.iso8601) \(record.host) \(record.label) \(record.level.rawValue.uppercased()) \(record.message)"
        for key in record.metadata.keys.sorted() {
            line += " \(key)=\(humanValue(record.metadata[key]!))"
        }
        // One event, one line: a message with line breaks must not look like several events.
        return line.contains(where: \.isNewline) ? line.replacing("\r\n", with: "\\n").replacing("\n", with: "\\n").replacing("\r", with: "\\r") : line
    }

    private static func humanValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): text.contains(" ") || text.isEmpty ? "\"\(text)\"" : text
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
            "\"message\":\(jsonString(record.message))",
        ]
        if !record.metadata.isEmpty { fields.append("\"metadata\":\(jsonValue(.dictionary(record.metadata)))") }
        fields.append("\"source\":\(jsonString(record.source))")
        fields.append("\"file\":\(jsonString(record.file))")
        fields.append("\"line\":\(record.line)")
        return "{\(fields.joined(separator: ","))}"
    }

    private static func jsonValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): jsonString(text)
        case .stringConvertible(let convertible): jsonString(convertible.description)
        case .array(let values): "[\(values.map(jsonValue).joined(separator: ","))]"
        case .dictionary(let values):
            "{\(values.keys.sorted().map { "\(jsonString($0)):\(jsonValue(values[$0]!))" }.joined(separator: ","))}"
        }
    }

    /// A JSON string literal (RFC 8259 escapes; other characters as UTF-8).
    static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
