/// Makes any text safe for one log line: long values are cut with a marker that says how much was cut,
/// and characters that could end a line, move a terminal's cursor or forge a field are escaped. Client
/// strings (request ids, profile and preset names, reasons) reach the logs only through it.
enum LogText {
    /// Longest value kept, in UTF-8 bytes; the rest is replaced by `…[N bytes cut]`.
    static let maxValueBytes = 256
    /// Longest message kept, in UTF-8 bytes.
    static let maxMessageBytes = 2_048

    /// `text` cut to at most `limit` UTF-8 bytes (at a character boundary) plus a marker.
    static func truncated(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var kept = 0
        var end = text.startIndex
        for index in text.indices {
            let next = kept + text[index].utf8.count
            guard next <= limit else { break }
            kept = next
            end = text.index(after: index)
        }
        return "\(text[..<end])\(cutMarker(bytes: text.utf8.count - kept))"
    }

    /// What stands in for `count` bytes cut from the end of a text: `…[N bytes cut]`.
    static func cutMarker(bytes count: Int) -> String {
        "…[\(count) bytes cut]"
    }

    /// Whether a scalar must not appear raw in a log line: C0 and C1 controls, DEL, and the Unicode
    /// line and paragraph separators.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
            || scalar.value == 0x2029
    }

    /// `text` with every unsafe scalar escaped (`\n`, `\r`, `\t`, `\u{…}`), and with `quotes` also
    /// backslash and double quote (inside a quoted value).
    static func escaped(_ text: String, quotes: Bool = true) -> String {
        let mustEscape = { (scalar: Unicode.Scalar) in
            isUnsafe(scalar) || (quotes && (scalar == "\"" || scalar == "\\"))
        }
        guard text.unicodeScalars.contains(where: mustEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"" where quotes: result += "\\\""
            case "\\" where quotes: result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isUnsafe(scalar): result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A metadata value for the human format: truncated, escaped, and quoted when it is empty or holds a
    /// space, `=` or anything escaped, so that it always reads as exactly one `key=value` field.
    static func humanValue(_ text: String) -> String {
        let cut = truncated(text, limit: maxValueBytes)
        let safe = escaped(cut)
        let needsQuotes = safe.isEmpty || safe != cut || safe.contains(where: { $0 == " " || $0 == "=" })
        return needsQuotes ? "\"\(safe)\"" : safe
    }
}
