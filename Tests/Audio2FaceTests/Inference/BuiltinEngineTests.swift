import Foundation
import Testing

@testable import Audio2Face

@Suite("BuiltinEngine")
struct BuiltinEngineTests {
    static func channel(_ name: String) -> Int { BlendshapeNames.arkit51.firstIndex(of: name)! }

    static func expectValid(_ clip: FaceClip, frameCount: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(clip.channelNames == BlendshapeNames.arkit51, sourceLocation: sourceLocation)
        #expect(clip.frameCount == frameCount, sourceLocation: sourceLocation)
        #expect(clip.values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, sourceLocation: sourceLocation)
    }

    @Test("declares the FaceEngine contract: kind, 51 ARKit channels, at most one hop of look-ahead")
    func contract() async throws {
        let engine = BuiltinEngine()
        #expect(engine.kind == "builtin")
        #expect(engine.channelNames == BlendshapeNames.arkit51)
        #expect(engine.framesPerSecond == 30)
        #expect(engine.lookaheadSamples > 0 && engine.lookaheadSamples <= 160)
        try await engine.warmUp()
        #expect(BuiltinEngine(framesPerSecond: 60).framesPerSecond == 60)
    }

    @Test(
        "offline animation gives one frame per k / fps inside the audio, at any frame rate",
        arguments: [24.0, 30, 60, 100])
    func frameCount(framesPerSecond: Double) {
        let samples = SyntheticAudio.vowel(formants: [700, 1200, 2600], seconds: 1.01)
        let clip = BuiltinEngine(framesPerSecond: framesPerSecond).animate(samples)
        let expected = Int((Double(samples.count) * framesPerSecond / 16_000).rounded(.up))
        Self.expectValid(clip, frameCount: expected)
        #expect(clip.startFrame == 0)
    }

    @Test("digital silence and −60 dBFS noise keep the jaw shut (JawOpen ≤ 0.02)")
    func silenceKeepsTheJawShut() {
        let engine = BuiltinEngine()
        let jaw = Self.channel("JawOpen")
        let zeros = [Float](repeating: 0, count: 32_000)
        let hiss = SyntheticAudio.whiteNoise(rms: SyntheticAudio.rms(decibels: -60), seconds: 2)
        for (name, samples) in [("zeros", zeros), ("-60 dB noise", hiss)] {
            let clip = engine.animate(samples)
            Self.expectValid(clip, frameCount: 60)
            let peak = clip.column(jaw).max() ?? 0
            #expect(peak <= 0.02, "\(name): JawOpen reached \(peak)")
        }
        #expect(engine.animate(zeros).values.allSatisfy { $0 == 0 }, "silence is the neutral face")
    }

    @Test("background hiss does not move the mouth: −50 dBFS at once, −40 dBFS once learnt (2 s)")
    func backgroundHissIsIgnored() {
        func mouthPeak(_ clip: FaceClip, frames: Range<Int>) -> Float {
            ArkitChannel.driven.map { channel in frames.map { clip[$0, channel] }.max() ?? 0 }.max() ?? 0
        }
        let engine = BuiltinEngine()
        let soft = engine.animate(SyntheticAudio.whiteNoise(rms: SyntheticAudio.rms(decibels: -50), seconds: 4))
        #expect(mouthPeak(soft, frames: 0..<120) <= 0.02)
        let loudNoise = SyntheticAudio.whiteNoise(rms: SyntheticAudio.rms(decibels: -40), seconds: 4, seed: 2)
        let loud = engine.animate(loudNoise)
        #expect(mouthPeak(loud, frames: 60..<120) <= 0.02)
        #expect(loud.column(Self.channel("JawOpen")).allSatisfy { $0 <= 0.05 }, "even before, hiss is no vowel")
    }

    @Test("a 440 Hz tone and loud white noise give finite values in [0, 1]")
    func toneAndNoiseStayBounded() {
        let engine = BuiltinEngine()
        let signals = [
            SyntheticAudio.tone(hertz: 440, amplitude: 0.9, seconds: 2),
            SyntheticAudio.whiteNoise(rms: 0.3, seconds: 2),
            (0..<32_000).map { $0 % 2 == 0 ? Float(1) : -1 },  // full-scale Nyquist square
        ]
        for samples in signals {
            Self.expectValid(engine.animate(samples), frameCount: 60)
        }
    }

    @Test("non-finite, huge and subnormal samples cannot poison a stream")
    func pathologicalSamples() {
        var samples = SyntheticAudio.vowel(formants: [700, 1200, 2600], seconds: 1)
        samples[100] = .nan
        samples[5_000] = .infinity
        samples[6_000] = 1e30
        samples[7_000] = -.greatestFiniteMagnitude
        samples[8_000] = .leastNonzeroMagnitude
        let clip = BuiltinEngine().animate(samples + SyntheticAudio.vowel(formants: [700, 1200, 2600], seconds: 1))
        Self.expectValid(clip, frameCount: 60)
        #expect(clip.column(Self.channel("JawOpen"))[45] > 0.3, "the stream still animates the next vowel")
    }

    @Test("eye channels stay 0 for the blink postprocessors")
    func eyesAreLeftAlone() throws {
        let fixture = try SpeechFixture.load("us-2")
        let clip = BuiltinEngine().animate(fixture.samples)
        for name in BlendshapeNames.arkit51 where name.hasPrefix("Eye") {
            #expect(clip.column(Self.channel(name)).allSatisfy { $0 == 0 }, "\(name)")
        }
    }

    @Test("speech moves the mouth, a little of the brows, and nothing beyond the driven channels")
    func drivenChannels() throws {
        let fixture = try SpeechFixture.load("gb-f3-5")
        let clip = BuiltinEngine().animate(fixture.samples)
        for name in [
            "JawOpen", "MouthLowerDownLeft", "MouthUpperUpRight", "MouthFunnel", "MouthPucker",
            "MouthStretchLeft", "MouthSmileRight", "MouthClose", "MouthPressLeft", "BrowInnerUp",
        ] {
            #expect((clip.column(Self.channel(name)).max() ?? 0) > 0.02, "\(name) moves")
        }
        let browPeak = clip.column(Self.channel("BrowInnerUp")).max() ?? 0
        #expect(browPeak <= 0.3, "brows move only a little")
        let driven = Set(ArkitChannel.driven)
        for channel in 0..<clip.channelCount where !driven.contains(channel) {
            #expect(clip.column(channel).allSatisfy { $0 == 0 }, "\(clip.channelNames[channel])")
        }
    }

    @Test("left and right channels move together")
    func symmetry() throws {
        let clip = BuiltinEngine().animate(try SpeechFixture.load("us-5").samples)
        for side in ["MouthUpperUp", "MouthLowerDown", "MouthSmile", "MouthStretch", "MouthPress", "BrowOuterUp"] {
            #expect(clip.column(Self.channel(side + "Left")) == clip.column(Self.channel(side + "Right")), "\(side)")
        }
    }

    @Test("a steady vowel holds a steady, open jaw (no jitter)")
    func steadyVowelDoesNotJitter() {
        for pitch in [110.0, 210.0] {
            let samples = SyntheticAudio.vowel(formants: [750, 1250, 2600], pitchHertz: pitch, seconds: 1.5)
            let jaw = BuiltinEngine().animate(samples).column(Self.channel("JawOpen"))
            let steady = Array(jaw[9..<42])  // 0.3 s … 1.4 s
            let range = (steady.max() ?? 0) - (steady.min() ?? 0)
            let largestStep = zip(steady, steady.dropFirst()).map { abs($1 - $0) }.max() ?? 0
            #expect((steady.min() ?? 0) > 0.3, "pitch \(pitch): an open vowel opens the jaw")
            #expect(range <= 0.03, "pitch \(pitch): JawOpen wanders by \(range)")
            #expect(largestStep <= 0.01, "pitch \(pitch): JawOpen jumps by \(largestStep) between frames")
        }
    }

    @Test("rounded vowels funnel and pucker, spread vowels stretch")
    func vowelColour() {
        let engine = BuiltinEngine()
        func mean(_ clip: FaceClip, _ names: [String]) -> Float {
            let rows = 9..<clip.frameCount - 3
            return names.reduce(0) { total, name in
                total + rows.reduce(0) { $0 + clip[$1, Self.channel(name)] } / Float(rows.count)
            }
        }
        let u = engine.animate(SyntheticAudio.vowel(formants: [320, 800, 2300], seconds: 1))
        let o = engine.animate(SyntheticAudio.vowel(formants: [500, 850, 2500], seconds: 1))
        let i = engine.animate(SyntheticAudio.vowel(formants: [280, 2300, 3000], seconds: 1))
        let a = engine.animate(SyntheticAudio.vowel(formants: [750, 1250, 2600], seconds: 1))
        let rounding = ["MouthFunnel", "MouthPucker"]
        let spreading = ["MouthStretchLeft", "MouthSmileLeft"]
        #expect(mean(u, rounding) > 0.2 && mean(o, rounding) > 0.2)
        #expect(mean(i, rounding) < 0.05 && mean(a, rounding) < 0.1)
        #expect(mean(i, spreading) > 0.2)
        #expect(mean(u, spreading) < 0.05 && mean(a, spreading) < 0.05)
        #expect(mean(u, ["MouthPucker"]) > mean(u, ["MouthFunnel"]), "u puckers more than it funnels")
        #expect(mean(o, ["MouthFunnel"]) > mean(o, ["MouthPucker"]), "o funnels more than it puckers")
        #expect(mean(a, ["JawOpen"]) > 2 * mean(i, ["JawOpen"]), "a opens the jaw more than i")
    }

    @Test("the mouth opens faster than it closes")
    func attackIsFasterThanRelease() {
        // The same open vowel stepping from soft to loud and back: no closure cue, only loudness.
        let vowel = SyntheticAudio.vowel(formants: [750, 1250, 2600], seconds: 1.5)
        let soft: Float = 0.25
        let samples = vowel.enumerated().map { index, value in
            (8_000..<16_000).contains(index) ? value * soft : value
        }
        let jaw = BuiltinEngine(framesPerSecond: 100).animate(samples).column(Self.channel("JawOpen"))
        let high = jaw[45]
        let low = jaw[95]
        #expect(high > low + 0.1)
        func hopsToSettle(from start: Int, toward goal: Float, from origin: Float) -> Int {
            (start..<(start + 40)).first { abs(jaw[$0] - goal) <= 0.1 * abs(goal - origin) }.map { $0 - start } ?? 40
        }
        let fall = hopsToSettle(from: 50, toward: low, from: high)
        let rise = hopsToSettle(from: 100, toward: jaw[145], from: low)
        #expect(rise < fall, "opening took \(rise) hops, closing \(fall)")
        #expect(rise <= 4, "the jaw opens within 40 ms")
    }

    @Test("the same speech 20 dB quieter gives the same shapes (level independence)")
    func levelIndependence() throws {
        let engine = BuiltinEngine()
        var worstMean: Float = 0
        var worstJawMean: Float = 0
        for fixture in try SpeechFixture.all() {
            let loud = engine.animate(fixture.samples)
            let quiet = engine.animate(fixture.samples.map { $0 * 0.1 })
            let differences = zip(loud.values, quiet.values).map { abs($0 - $1) }
            let jaw = Self.channel("JawOpen")
            let jawDifferences = zip(loud.column(jaw), quiet.column(jaw)).map { abs($0 - $1) }
            // Mean over the driven channels only (the others are 0 in both).
            let drivenShare = Float(BlendshapeNames.arkit51.count) / Float(ArkitChannel.driven.count)
            worstMean = max(worstMean, SpeechStatistics.mean(differences) * drivenShare)
            worstJawMean = max(worstJawMean, SpeechStatistics.mean(jawDifferences))
        }
        print("level independence (0 vs −20 dB): worst mean |Δ| \(worstMean) (driven), \(worstJawMean) (JawOpen)")
        #expect(worstMean <= 0.02)
        #expect(worstJawMean <= 0.02)
    }

    @Test("gain scales the mouth and brow_gain 0 keeps the brows still")
    func configShapesTheOutput() throws {
        let samples = try SpeechFixture.load("us-1").samples
        var quiet = BuiltinEngineConfig()
        quiet.gain = 0.5
        quiet.browGain = 0
        let normal = BuiltinEngine().animate(samples)
        let halved = BuiltinEngine(config: quiet).animate(samples)
        let jaw = Self.channel("JawOpen")
        let ratio = SpeechStatistics.mean(halved.column(jaw)) / SpeechStatistics.mean(normal.column(jaw))
        #expect(abs(ratio - 0.5) < 0.01)
        #expect(halved.column(Self.channel("BrowInnerUp")).allSatisfy { $0 == 0 })
    }
}
