import Logging
import Testing

@testable import Audio2FaceServer

@Suite struct LogTextTests {
    private func record(message: String = "stream started", metadata: Logger.Metadata) -> LogRecord {
        LogRecord(
            time: LogTimestamp(millisecondsSince1970: 0), host: "h", label: "l", level: .warning, message: message,
            metadata: metadata, source: "s", file: "f", line: 1)
    }

    @Test("a quote, space and = in a client string cannot forge a field in the human format")
    func noForgedField() {
        let line = LogLineFormat.human.render(record(metadata: ["stream.id": .string("a\"c=d e")]))
        #expect(line.hasSuffix(#" stream.id="a\"c=d e""#))
        #expect(!line.contains(" c=d"))
    }

    @Test(
        "terminal escapes, VT, FF, NEL, U+2028/2029, DEL and line breaks are escaped in both formats",
        arguments: ["\u{1B}[31m", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{7F}", "\n", "\r"])
    func controlCharacters(unsafe: String) {
        let value = "x\(unsafe)y"
        for format in [LogLineFormat.human, .json] {
            let line = format.render(record(message: "m\(unsafe)", metadata: ["stream.profile": .string(value)]))
            #expect(
                !line.unicodeScalars.contains { LogText.isUnsafe($0) },
                "\(format) kept a raw \(unsafe.unicodeScalars.first!.value)")
        }
    }

    @Test("long client strings are cut to 256 bytes with a marker naming what was cut, in both formats")
    func truncation() {
        let long = String(repeating: "é", count: 50_000)  // 100,000 bytes
        for format in [LogLineFormat.human, .json] {
            let line = format.render(record(metadata: ["stream.offset_name": .string(long)]))
            #expect(line.utf8.count < 1_000)
            #expect(line.contains("…[99744 bytes cut]"))
        }
        #expect(LogText.truncated("abc", limit: 3) == "abc")
        #expect(LogText.truncated("abcd", limit: 3) == "abc…[1 bytes cut]")
        #expect(LogText.truncated("aé", limit: 2) == "a…[2 bytes cut]")  // never half a character
    }

    @Test("plain values stay unquoted; empty ones are quoted")
    func plainValues() {
        let line = LogLineFormat.human.render(record(metadata: ["a": .string("plain"), "b": .string("")]))
        #expect(line.hasSuffix(#" a=plain b="""#))
    }
}
