import Audio2Face
import Foundation

/// Reads the WAV file a command was given, converted for the wire, failing with one readable line
/// that names the file ("cannot read speech.wav: no such file").
enum WAVInput {
    static func read(_ path: String) throws(CommandFailure) -> WAVFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("cannot read \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw CommandFailure("cannot read \(path): it is a directory") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CommandFailure("cannot read \(path): permission denied")
        }
        do {
            return try WAVFile(contentsOf: URL(fileURLWithPath: path))
        } catch let error as AudioFormatError {
            throw CommandFailure("cannot read \(path): \(error.description)")
        } catch {
            throw CommandFailure("cannot read \(path): \(error.localizedDescription)")
        }
    }
}
