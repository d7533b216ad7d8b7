import ArgumentParser
import Foundation

/// A command that could not do its job for a reason other than its arguments (an unreadable input, a
/// server that closed the stream). `audio2face` reports it as one `error:` line, without usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// The one line that reports `error` thrown while a command ran, or nil for ArgumentParser's own
    /// exits and requests (`ExitCode`, `CleanExit`, `--help`, which its built-in help command throws
    /// when run), which it prints itself.
    static func reportLine(for error: any Error) -> String? {
        let message: String
        switch error {
        case is ExitCode, is CleanExit:
            return nil
        case _ where !(error is ValidationError) && String(reflecting: type(of: error)).hasPrefix("ArgumentParser."):
            return nil
        case let validation as ValidationError:
            message = validation.message
        case let cocoa as CocoaError:
            message = cocoa.localizedDescription
        case let described as any CustomStringConvertible:
            message = described.description
        default:
            message = String(describing: error)
        }
        let lines = message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return "error: " + (lines.isEmpty ? String(describing: type(of: error)) : lines.joined(separator: "; "))
    }
}
