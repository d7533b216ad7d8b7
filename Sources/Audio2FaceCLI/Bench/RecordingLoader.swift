import Audio2Face
import Foundation

/// Loads the WAV files a benchmark streams: one file, or every `.wav` in a folder (sorted by name).
enum RecordingLoader {
    static func load(_ path: String) throws -> [WAVFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RecordingLoaderError(message: "\(path) does not exist")
        }
        let files: [URL]
        if isDirectory.boolValue {
            files = try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { $0.lowercased().hasSuffix(".wav") }.sorted()
                .map { URL(fileURLWithPath: path).appendingPathComponent($0) }
        } else {
            files = [URL(fileURLWithPath: path)]
        }
        guard !files.isEmpty else { throw RecordingLoaderError(message: "no .wav files in \(path)") }
        return try files.map { try WAVFile(contentsOf: $0) }
    }

    /// The recording as 16 kHz mono samples, as the service's front end would produce them.
    static func engineSamples(_ wav: WAVFile) -> [Float] {
        var resampler = Resampler(inputRate: wav.format.sampleRate)
        var samples: [Float] = []
        resampler.process(PCMDecoder.decodeAll(wav.pcmBytes, format: wav.format), into: &samples)
        resampler.finish(into: &samples)
        return samples
    }
}

struct RecordingLoaderError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
