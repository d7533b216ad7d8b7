import Testing

@testable import Audio2Face

@Suite("VisemeMapper")
struct VisemeMapperTests {
    static func vowelFeatures(first: Float, second: Float, balance: Float) -> FrameFeatures {
        var features = FrameFeatures()
        features.levelDecibels = -20
        features.lowBandDecibels = -20
        features.firstMidBandDecibels = -20 + balance
        features.secondMidBandDecibels = -30
        features.upperMidBandDecibels = -35
        features.highBandDecibels = -50
        features.totalBandDecibels = -16
        features.firstFormantHertz = first
        features.secondFormantHertz = second
        features.periodicity = 0.95
        return features
    }

    static let speaking = LevelTracker.Reading(gate: 1, relativeDecibels: -2, dipDecibels: 0, activity: 1)

    static func map(_ features: FrameFeatures, _ reading: LevelTracker.Reading = speaking) -> ([Float], Bool) {
        var pose = [Float](repeating: 0, count: ArkitChannel.poseWidth)
        let output = pose.withUnsafeMutableBufferPointer {
            VisemeMapper(config: BuiltinEngineConfig()).map(features, reading, into: $0)
        }
        return (pose, output.isClosing)
    }

    @Test("an open vowel opens the jaw; a close one much less")
    func jaw() {
        let (open, _) = Self.map(Self.vowelFeatures(first: 800, second: 1_300, balance: 6))
        let (close, _) = Self.map(Self.vowelFeatures(first: 300, second: 2_300, balance: -25))
        #expect(open[ArkitChannel.jawOpen] > 0.5)
        #expect(close[ArkitChannel.jawOpen] < 0.3 * open[ArkitChannel.jawOpen])
    }

    @Test("silence closes the lips while speech is recent, and targets a shut jaw")
    func silence() {
        let reading = LevelTracker.Reading(gate: 0, relativeDecibels: -80, dipDecibels: 60, activity: 0.8)
        let (pose, isClosing) = Self.map(FrameFeatures(), reading)
        #expect(isClosing)
        #expect(pose[ArkitChannel.jawOpen] == 0)
        #expect(pose[ArkitChannel.mouthPressLeft] > 0.2)
        #expect(abs(pose[ArkitChannel.closureSlot] - 0.8) < 1e-6)
    }

    @Test("a quiet, low murmur after a vowel (m, b) is a lip closure")
    func nasalMurmur() {
        let murmur = Self.vowelFeatures(first: 260, second: 1_100, balance: -20)
        let reading = LevelTracker.Reading(gate: 1, relativeDecibels: -13, dipDecibels: 12, activity: 1)
        let (pose, isClosing) = Self.map(murmur, reading)
        #expect(isClosing)
        #expect(pose[ArkitChannel.jawOpen] < 0.01)
    }

    @Test("a fricative gives a narrow opening with the teeth shown")
    func fricative() {
        var hiss = FrameFeatures()
        hiss.levelDecibels = -30
        hiss.lowBandDecibels = -60
        hiss.firstMidBandDecibels = -58
        hiss.secondMidBandDecibels = -50
        hiss.upperMidBandDecibels = -40
        hiss.highBandDecibels = -31
        hiss.totalBandDecibels = -30.5
        hiss.periodicity = 0.2
        let reading = LevelTracker.Reading(gate: 1, relativeDecibels: -12, dipDecibels: 0, activity: 1)
        let (pose, _) = Self.map(hiss, reading)
        #expect(pose[ArkitChannel.jawOpen] > 0.02 && pose[ArkitChannel.jawOpen] < 0.1)
        #expect(pose[ArkitChannel.mouthUpperUpLeft] > 0.1)
    }

    @Test("every target is in [0, 1] even for absurd inputs")
    func bounded() {
        var features = Self.vowelFeatures(first: 5_000, second: -3, balance: 90)
        features.periodicity = 7
        let absurd = LevelTracker.Reading(gate: 1, relativeDecibels: 30, dipDecibels: -50, activity: 3)
        let (pose, _) = Self.map(features, absurd)
        #expect(pose.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}
