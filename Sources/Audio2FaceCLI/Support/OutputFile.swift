import Foundation

/// Writes a command's output file, failing with one readable line that names the file
/// ("cannot write out/x.csv: No such file or directory").
enum OutputFile {
    static func write(_ bytes: [UInt8], to path: String) throws(CommandFailure) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("cannot write \(path): \(reason(for: error))")
        }
    }

    /// The operating system's own words for a failed file operation, when Foundation kept them.
    private static func reason(for error: any Error) -> String {
        if let cocoa = error as? CocoaError, let posix = cocoa.underlying as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        if let cocoa = error as? CocoaError, let underlying = cocoa.underlying as NSError?,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}
