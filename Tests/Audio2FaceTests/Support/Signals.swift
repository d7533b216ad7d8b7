import Foundation
@testable import Audio2Face

/// Synthetic test signals.
enum Signals {
    /// A sine of `frequency` Hz, `seconds` long, peak `amplitude`.
    static func sine(frequency: Double, seconds: Double, sampleRate: Int = 16_000, amplitude: Float = 0.5) -> [Float] {
        (0..<Int(seconds * Double(sampleRate))).map {
            amplitude * Float(sin(2 * Double.pi * frequency * Double($0) / Double(sampleRate)))
        }
    }

    /// `count` zeros.
    static func silence(seconds: Double, sampleRate: Int = 16_000) -> [Float] {
        [Float](repeating: 0, count: Int(seconds * Double(sampleRate)))
    }

    /// Little-endian signed 16-bit bytes of `samples`.
    static func int16Bytes(_ samples: [Float]) -> [UInt8] {
        samples.flatMap { sample -> [UInt8] in
            let value = Int16(max(-32_768, min(32_767, (sample * 32_768).rounded())))
            return [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
        }
    }
}

/// A test engine whose frame k has every channel equal to k / 1000, so tests can check which frames
/// arrived, in which order, with no gaps.
struct FrameIndexEngine: FaceEngine {
    var kind: String { "frame-index" }
    var channelNames: [String] { BlendshapeNames.arkit51 }
    var framesPerSecond: Double = 30
    var lookaheadSamples: Int = 0
    func warmUp() async throws {}
    func makeStream() -> any FaceEngineStream { Stream() }

    struct Stream: FaceEngineStream {
        var nextSample = 0
        mutating func infer(_ segment: AudioSegment) async throws -> FaceClip {
            precondition(segment.startSample == nextSample, "segments must arrive without gaps")
            nextSample = segment.endSample
            let width = BlendshapeNames.arkit51.count
            var values: [Float] = []
            for frame in segment.frames { values += repeatElement(Float(frame) / 1_000, count: width) }
            return FaceClip(channelNames: BlendshapeNames.arkit51, values: values, startFrame: segment.frames.lowerBound)
        }
    }
}

/// A test engine that fails on its `failOnSegment`-th segment.
struct FailingEngine: FaceEngine {
    var kind: String { "failing" }
    var channelNames: [String] { BlendshapeNames.arkit51 }
    var framesPerSecond: Double { 30 }
    var lookaheadSamples: Int { 0 }
    func warmUp() async throws {}
    func makeStream() -> any FaceEngineStream { Stream() }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "synthetic engine failure" }
    }

    struct Stream: FaceEngineStream {
        mutating func infer(_ segment: AudioSegment) async throws -> FaceClip { throw Failure() }
    }
}

/// The repository root (the folder holding Package.swift), found from this file's path.
func repositoryRoot(filePath: String = #filePath) -> URL {
    var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url = url.deletingLastPathComponent()
    }
    return url
}
