import Foundation
import Testing

@testable import Audio2Face

@Suite("SpectralAnalyzer")
struct SpectralAnalyzerTests {
    /// Features of the 20 ms frame starting at `offset`.
    static func analyze(_ samples: [Float], offset: Int = 4_000) -> FrameFeatures {
        var analyzer = SpectralAnalyzer()
        var features = FrameFeatures()
        Array(samples[offset..<(offset + SpectralAnalyzer.frameLength)]).withUnsafeBufferPointer {
            analyzer.analyze($0, into: &features)
        }
        return features
    }

    @Test("level is the frame's mean square in dBFS")
    func level() {
        let sine = SyntheticAudio.tone(hertz: 1_000, amplitude: 1, seconds: 0.5)
        #expect(abs(Self.analyze(sine).levelDecibels - (-3.01)) < 0.2)
        let quiet = sine.map { $0 * 0.01 }
        #expect(abs(Self.analyze(quiet).levelDecibels - (-43.01)) < 0.2)
        #expect(Self.analyze([Float](repeating: 0, count: 8_000)).levelDecibels <= -119)
    }

    @Test("bands: a 3 kHz tone lands in 2–4 kHz, white noise has about half its energy above 4 kHz")
    func bands() {
        let tone = Self.analyze(SyntheticAudio.tone(hertz: 3_000, amplitude: 0.5, seconds: 0.5))
        #expect(tone.upperMidBandDecibels > tone.lowBandDecibels + 30)
        #expect(abs(tone.upperMidBandDecibels - tone.totalBandDecibels) < 0.5)
        let noise = Self.analyze(SyntheticAudio.whiteNoise(rms: 0.1, seconds: 0.5))
        #expect(abs(noise.highShareDecibels - (-3)) < 1.5)
    }

    @Test(
        "formants of synthetic vowels come out near their resonances",
        arguments: [
            ([750.0, 1_250, 2_600], 110.0),
            ([300.0, 2_300, 3_000], 110.0),
            ([500.0, 850, 2_500], 200.0),
            ([320.0, 800, 2_300], 200.0),
        ])
    func formants(resonances: [Double], pitch: Double) {
        let vowel = SyntheticAudio.vowel(formants: resonances, pitchHertz: pitch, seconds: 0.5)
        let features = Self.analyze(vowel)
        // LPC pulls F1 toward a harmonic when the pitch is high, so allow up to one harmonic spacing.
        #expect(abs(Double(features.firstFormantHertz) - resonances[0]) < 0.2 * resonances[0] + pitch)
        #expect(abs(Double(features.secondFormantHertz) - resonances[1]) < 0.15 * resonances[1] + 40)
    }

    @Test("the open vowel a has a higher F1 balance than i")
    func firstFormantBalance() {
        let a = Self.analyze(SyntheticAudio.vowel(formants: [750, 1_250, 2_600], seconds: 0.5))
        let i = Self.analyze(SyntheticAudio.vowel(formants: [280, 2_300, 3_000], seconds: 0.5))
        #expect(a.firstFormantBalanceDecibels > i.firstFormantBalanceDecibels + 10)
    }

    @Test("features do not depend on the input gain, except the level")
    func gainIndependence() {
        let vowel = SyntheticAudio.vowel(formants: [500, 850, 2_500], seconds: 0.5)
        let loud = Self.analyze(vowel)
        let quiet = Self.analyze(vowel.map { $0 * 0.01 })
        #expect(abs(loud.levelDecibels - quiet.levelDecibels - 40) < 0.01)
        // Float rounding differs with the scale; the order-16 LPC amplifies it to a few Hz at most.
        #expect(abs(loud.firstFormantHertz - quiet.firstFormantHertz) < 15)
        #expect(abs(loud.secondFormantHertz - quiet.secondFormantHertz) < 15)
        #expect(abs(loud.highShareDecibels - quiet.highShareDecibels) < 0.01)
    }
}
