import Foundation
import Testing

@testable import Audio2Face

@Suite("VoicingDetector")
struct VoicingDetectorTests {
    /// Periodicity after pushing `samples` hop by hop.
    static func periodicity(_ samples: [Float]) -> Float {
        var detector = VoicingDetector()
        var result: Float = 0
        samples.withUnsafeBufferPointer { samples in
            var start = 0
            while start + 160 <= samples.count {
                detector.push(UnsafeBufferPointer(rebasing: samples[start..<(start + 160)]))
                result = detector.periodicity()
                start += 160
            }
        }
        return result
    }

    @Test("voiced sounds are periodic at low and high pitch", arguments: [85.0, 120, 220, 380])
    func voiced(pitch: Double) {
        let vowel = SyntheticAudio.vowel(formants: [600, 1_200, 2_500], pitchHertz: pitch, seconds: 0.3)
        #expect(Self.periodicity(vowel) > 0.85)
    }

    @Test("noise is not periodic and silence is 0")
    func unvoiced() {
        #expect(Self.periodicity(SyntheticAudio.whiteNoise(rms: 0.1, seconds: 0.3)) < 0.45)
        #expect(Self.periodicity([Float](repeating: 0, count: 4_800)) == 0)
    }

    @Test("the result does not depend on the level")
    func levelIndependent() {
        let vowel = SyntheticAudio.vowel(formants: [600, 1_200, 2_500], seconds: 0.3)
        #expect(abs(Self.periodicity(vowel) - Self.periodicity(vowel.map { $0 * 0.001 })) < 1e-3)
    }
}
