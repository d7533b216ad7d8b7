import Audio2Face
import Foundation

/// Measures an engine alone: engine seconds per second of audio, one stream at a time on one task, with
/// the segment length the service would use.
struct EngineBenchmark {
    let engine: any FaceEngine
    let segmentSeconds: Double

    struct Result: Codable {
        var engine: String
        var audioSeconds: Double
        var engineSeconds: Double
        var segmentSeconds: Double
        /// Engine seconds per audio second (lower is faster; 0.002 = 500× real time).
        var realTimeFactor: Double
    }

    /// Runs every recording (16 kHz mono after conversion) through a fresh engine stream, `repeats` times.
    func run(_ recordings: [[Float]], repeats: Int) async throws -> Result {
        try await engine.warmUp()
        let clock = ContinuousClock()
        var engineTime = Duration.zero
        var audioSamples = 0
        let segmentLength = max(1, Int(segmentSeconds * Double(AudioSegment.sampleRate)))
        for _ in 0..<repeats {
            for samples in recordings {
                var stream = engine.makeStream()
                var timeline = FrameTimeline(
                    framesPerSecond: engine.framesPerSecond, lookaheadSamples: engine.lookaheadSamples)
                var start = 0
                repeat {
                    let end = min(start + segmentLength, samples.count)
                    let isFinal = end == samples.count
                    let segment = AudioSegment(
                        startSample: start, samples: Array(samples[start..<end]),
                        frames: timeline.claimFrames(throughSample: end, isFinal: isFinal), isFinal: isFinal)
                    let began = clock.now
                    _ = try await stream.infer(segment)
                    engineTime += clock.now - began
                    start = end
                } while start < samples.count
                audioSamples += samples.count
            }
        }
        return Result(
            engine: engine.kind, audioSeconds: Double(audioSamples) / Double(AudioSegment.sampleRate),
            engineSeconds: engineTime.seconds, segmentSeconds: segmentSeconds,
            realTimeFactor: engineTime.seconds * Double(AudioSegment.sampleRate) / Double(max(1, audioSamples)))
    }
}
