import Foundation
import Testing

@testable import Audio2Face

/// Acceptance of the built-in engine on the phoneme-labelled sentences in `Fixtures/speech` (two
/// eSpeak NG voices): lip closures on bilabials, open jaw on open vowels, rounding on o/u, and no lag.
@Suite("BuiltinEngine on labelled speech")
struct BuiltinEngineSpeechTests {
    static let framesPerSecond = 30.0

    /// One sentence animated offline, with the tracks the measures read.
    struct Animated {
        var fixture: SpeechFixture
        var jaw: SpeechChannelTrack
        var rounding: [Float]

        init(_ fixture: SpeechFixture) throws {
            let engine = BuiltinEngine(framesPerSecond: BuiltinEngineSpeechTests.framesPerSecond)
            let clip = engine.animate(fixture.samples)
            self.fixture = fixture
            jaw = try SpeechChannelTrack(clip, channel: "JawOpen", framesPerSecond: engine.framesPerSecond)
            let funnel = try SpeechChannelTrack(clip, channel: "MouthFunnel", framesPerSecond: engine.framesPerSecond)
            let pucker = try SpeechChannelTrack(clip, channel: "MouthPucker", framesPerSecond: engine.framesPerSecond)
            rounding = zip(funnel.values, pucker.values).map { $0 + $1 }
        }

        func jawValues(of phonemeClass: String) -> [Float] {
            fixture.phonemes(of: phonemeClass).flatMap { jaw.values(during: $0) }
        }

        func roundingValues(of phonemeClass: String) -> [Float] {
            fixture.phonemes(of: phonemeClass).flatMap { phoneme in
                jaw.frames(from: phoneme.start, to: phoneme.end).map { rounding[$0] }
            }
        }
    }

    static func animatedSet() throws -> [Animated] {
        let fixtures = try SpeechFixture.all()
        #expect(fixtures.count >= 10)
        #expect(Set(fixtures.map(\.voice)).count == 2, "the set has two voices")
        return try fixtures.map(Animated.init)
    }

    @Test("lips close on every bilabial (p, b, m) in at least 85 % of them")
    func bilabialsCloseTheLips() throws {
        var closed = 0
        var total = 0
        var misses: [String] = []
        for sentence in try Self.animatedSet() {
            let openMedian = SpeechStatistics.median(sentence.jawValues(of: "open_vowel"))
            #expect(openMedian > 0.1, "\(sentence.fixture.name): open vowels open the jaw")
            for phoneme in sentence.fixture.phonemes(of: "bilabial") {
                let lowest = sentence.jaw.values(during: phoneme, paddingFrames: 1).min() ?? .infinity
                total += 1
                if lowest <= 0.15 * openMedian {
                    closed += 1
                } else {
                    misses.append("\(sentence.fixture.name) \(phoneme.symbol)@\(phoneme.start)s: \(lowest)")
                }
            }
        }
        let rate = Double(closed) / Double(total)
        print("bilabial closure: \(closed)/\(total) = \(rate); misses: \(misses)")
        #expect(total >= 50)
        #expect(rate >= 0.85, "bilabials with a closure: \(closed) of \(total); misses: \(misses)")
    }

    @Test("jaw opens at least 3× more on open vowels than on bilabials and silences")
    func openVowelsOpenTheJaw() throws {
        var open: [Float] = []
        var closed: [Float] = []
        for sentence in try Self.animatedSet() {
            open += sentence.jawValues(of: "open_vowel")
            closed += sentence.jawValues(of: "bilabial") + sentence.jawValues(of: "silence")
        }
        let openMean = SpeechStatistics.mean(open)
        let closedMean = SpeechStatistics.mean(closed)
        print("JawOpen mean: open vowels \(openMean), bilabials+silences \(closedMean), ratio \(openMean / closedMean)")
        #expect(openMean >= 3 * closedMean, "open vowels \(openMean), bilabials and silences \(closedMean)")
    }

    @Test("funnel + pucker is higher on rounded (o, u) than on spread (i, e) vowels in ≥ 80 % of sentences")
    func roundedVowelsRoundTheLips() throws {
        let sentences = try Self.animatedSet()
        var wins = 0
        var report: [String] = []
        for sentence in sentences {
            let rounded = SpeechStatistics.mean(sentence.roundingValues(of: "rounded_vowel"))
            let spread = SpeechStatistics.mean(sentence.roundingValues(of: "spread_vowel"))
            if rounded > spread { wins += 1 }
            report.append("\(sentence.fixture.name): rounded \(rounded) spread \(spread)")
        }
        let share = Double(wins) / Double(sentences.count)
        print("rounding wins \(wins)/\(sentences.count) = \(share); \(report)")
        #expect(share >= 0.8, "\(report)")
    }

    @Test("JawOpen does not lag the loudness envelope: cross-correlation peak within ±1 frame")
    func motionFollowsLoudnessWithoutLag() throws {
        var lags: [String: Int] = [:]
        for sentence in try Self.animatedSet() {
            let envelope = Self.loudnessEnvelope(
                sentence.fixture.samples, frameCount: sentence.jaw.values.count, framesPerSecond: Self.framesPerSecond)
            let lag = Self.peakLag(of: sentence.jaw.values, against: envelope, maximumLag: 5)
            lags[sentence.fixture.name] = lag
            #expect(abs(lag) <= 1, "\(sentence.fixture.name): JawOpen peaks \(lag) frames after the loudness")
        }
        print("cross-correlation peak lags (frames): \(lags.sorted { $0.key < $1.key })")
    }

    /// RMS of the audio in a one-frame window centred on each frame's time.
    static func loudnessEnvelope(_ samples: [Float], frameCount: Int, framesPerSecond: Double) -> [Float] {
        let half = Double(AudioSegment.sampleRate) / framesPerSecond / 2
        return (0..<frameCount).map { frame in
            let center = Double(frame) * Double(AudioSegment.sampleRate) / framesPerSecond
            let lower = max(0, Int(center - half))
            let upper = min(samples.count, Int(center + half))
            guard lower < upper else { return 0 }
            let energy = samples[lower..<upper].reduce(Float(0)) { $0 + $1 * $1 }
            return (energy / Float(upper - lower)).squareRoot()
        }
    }

    /// The lag (in frames, positive when `motion` comes later) maximising the cross-correlation of the
    /// mean-removed series.
    static func peakLag(of motion: [Float], against reference: [Float], maximumLag: Int) -> Int {
        let count = min(motion.count, reference.count)
        let motionMean = SpeechStatistics.mean(Array(motion[..<count]))
        let referenceMean = SpeechStatistics.mean(Array(reference[..<count]))
        var bestLag = 0
        var best = -Float.infinity
        for lag in -maximumLag...maximumLag {
            var total: Float = 0
            for index in 0..<count where index + lag >= 0 && index + lag < count {
                total += (motion[index + lag] - motionMean) * (reference[index] - referenceMean)
            }
            if total > best {
                best = total
                bestLag = lag
            }
        }
        return bestLag
    }
}
