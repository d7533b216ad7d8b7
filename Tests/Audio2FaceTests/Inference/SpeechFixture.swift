import Foundation
import Testing

@testable import Audio2Face

/// A phoneme-labelled test sentence from `Fixtures/speech` (made by `tools/make-speech-fixtures.sh`
/// with eSpeak NG): 16 kHz mono samples plus phoneme intervals with their classes.
struct SpeechFixture: Sendable {
    /// One labelled phoneme.
    struct Phoneme: Decodable, Sendable {
        var symbol: String
        var phonemeClass: String
        var start: Double
        var end: Double

        enum CodingKeys: String, CodingKey {
            case symbol
            case phonemeClass = "class"
            case start
            case end
        }
    }

    private struct Labels: Decodable {
        var voice: String
        var text: String
        var phonemes: [Phoneme]
    }

    var name: String
    var voice: String
    var text: String
    var samples: [Float]
    var phonemes: [Phoneme]

    /// Every labelled sentence, sorted by name.
    static func all() throws -> [SpeechFixture] {
        let directory = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/speech")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".wav") }
            .map { String($0.dropLast(".wav".count)) }
            .sorted()
        try #require(!names.isEmpty, "Fixtures/speech has no WAVs; run tools/make-speech-fixtures.sh")
        return try names.map { try load($0) }
    }

    /// Loads one sentence by file name without extension (`us-1`).
    static func load(_ name: String) throws -> SpeechFixture {
        let wavURL = try #require(
            Bundle.module.url(forResource: name, withExtension: "wav", subdirectory: "Fixtures/speech"))
        let jsonURL = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/speech"))
        let wav = try WAVFile(contentsOf: wavURL)
        #expect(wav.format == PCMFormat.engineNative)
        let labels = try JSONDecoder().decode(Labels.self, from: Data(contentsOf: jsonURL))
        return SpeechFixture(
            name: name, voice: labels.voice, text: labels.text,
            samples: PCMDecoder.decodeAll(wav.pcmBytes, format: wav.format), phonemes: labels.phonemes)
    }

    /// Phonemes of one class (`bilabial`, `open_vowel`, `rounded_vowel`, `spread_vowel`, `fricative`,
    /// `silence`, `other`).
    func phonemes(of phonemeClass: String) -> [Phoneme] {
        phonemes.filter { $0.phonemeClass == phonemeClass }
    }
}

/// Per-frame views of an engine's output for the acceptance measures.
struct SpeechChannelTrack {
    var framesPerSecond: Double
    var values: [Float]

    init(_ clip: FaceClip, channel name: String, framesPerSecond: Double) throws {
        let channel = try #require(clip.channelIndex(of: name))
        self.framesPerSecond = framesPerSecond
        values = clip.column(channel)
    }

    /// Frame indices whose time k / fps lies in `[start − padding, end + padding)`.
    func frames(from start: Double, to end: Double, padding: Double = 0) -> [Int] {
        let first = max(0, Int(((start - padding) * framesPerSecond).rounded(.up)))
        let last = min(values.count, Int(((end + padding) * framesPerSecond).rounded(.up)))
        return first < last ? Array(first..<last) : []
    }

    /// Values over the frames inside the phoneme.
    func values(during phoneme: SpeechFixture.Phoneme, paddingFrames: Int = 0) -> [Float] {
        frames(from: phoneme.start, to: phoneme.end, padding: Double(paddingFrames) / framesPerSecond)
            .map { values[$0] }
    }
}

/// Plain statistics for the acceptance measures.
enum SpeechStatistics {
    static func mean(_ values: [Float]) -> Float {
        values.isEmpty ? 0 : values.reduce(0, +) / Float(values.count)
    }

    static func median(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
