import Audio2FaceTestSupport
import Foundation
import Testing

@testable import Audio2Face

/// The shipped retargeted profiles (`vrm`, `vrm0`, `ovr-visemes`, `live2d`) on the phoneme-labelled sentences
/// of `Fixtures/speech`, animated by the built-in engine and run through `configs/default.yaml`.
@Suite("Retargeted profiles on labelled speech")
struct RetargetedProfilesSpeechTests {
    static let framesPerSecond = 30.0

    /// One sentence: the ARKit profile's output and a retargeted profile's output, with the same blink seed,
    /// so that the retargeted frames are the mapping of the ARKit frames.
    struct Animated {
        var fixture: SpeechFixture
        var arkit: FaceClip
        var rig: FaceClip

        init(_ fixture: SpeechFixture, profile: String, library: PostprocessLibrary) throws {
            let engine = BuiltinEngine(framesPerSecond: RetargetedProfilesSpeechTests.framesPerSecond)
            let clip = engine.animate(fixture.samples)
            self.fixture = fixture
            arkit = try Self.run(clip, profile: "arkit-default", library: library)
            rig = try Self.run(clip, profile: profile, library: library)
        }

        static func run(_ clip: FaceClip, profile: String, library: PostprocessLibrary) throws -> FaceClip {
            let choice = library.pipeline(forProfile: profile)
            #expect(!choice.fellBack, "\(profile) is a shipped profile")
            var context = library.makeContext(framesPerSecond: RetargetedProfilesSpeechTests.framesPerSecond)
            return try choice.pipeline.process(clip, context: &context)
        }

        func arkit(_ name: String) throws -> [Float] { arkit.column(try #require(arkit.channelIndex(of: name))) }
        func rig(_ name: String) throws -> [Float] { rig.column(try #require(rig.channelIndex(of: name))) }

        /// Frames inside the phonemes of `phonemeClass`.
        func frames(of phonemeClass: String, paddingFrames: Int = 0) -> [[Int]] {
            let padding = Double(paddingFrames) / RetargetedProfilesSpeechTests.framesPerSecond
            return fixture.phonemes(of: phonemeClass).map { phoneme in
                let first = max(
                    0, Int(((phoneme.start - padding) * RetargetedProfilesSpeechTests.framesPerSecond).rounded(.up)))
                let last = min(
                    rig.frameCount,
                    Int(((phoneme.end + padding) * RetargetedProfilesSpeechTests.framesPerSecond).rounded(.up)))
                return first < last ? Array(first..<last) : []
            }
        }
    }

    static func animatedSet(profile: String) throws -> [Animated] {
        var config = try ServiceConfig.load(fromFile: TestRepository.url("configs/default.yaml").path)
        config.postprocess.blinkSeed = 42
        let library = try PostprocessLibrary(config: config.postprocess, baseDirectory: TestRepository.root)
        return try SpeechFixture.all().map { try Animated($0, profile: profile, library: library) }
    }

    static func names(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    @Test(
        "each retargeted profile answers its rig's names, in order",
        arguments: [
            (
                "vrm",
                "aa ih ou ee oh blink blinkLeft blinkRight happy angry sad relaxed surprised lookUp lookDown lookLeft lookRight neutral"
            ),
            ("vrm0", "A I U E O Blink Blink_L Blink_R Joy Angry Sorrow Fun LookUp LookDown LookLeft LookRight Neutral"),
            ("ovr-visemes", "sil PP FF TH DD kk CH SS nn RR aa E ih oh ou"),
            (
                "live2d",
                "ParamMouthOpenY ParamMouthForm ParamEyeLOpen ParamEyeROpen ParamEyeLSmile ParamEyeRSmile ParamBrowLY ParamBrowRY ParamEyeBallX ParamEyeBallY ParamCheek"
            ),
        ])
    func rigNames(profile: String, names: String) throws {
        let sentence = try #require(try Self.animatedSet(profile: profile).first)
        #expect(sentence.rig.channelNames == Self.names(names))
        #expect(sentence.rig.frameCount == sentence.arkit.frameCount)
    }

    @Test("live2d: the mouth opens with JawOpen (1.5 · (JawOpen − MouthClose)), eyes close with the blinks")
    func live2dMouthAndEyes() throws {
        var openVowels: [Float] = []
        var bilabials: [Float] = []
        for sentence in try Self.animatedSet(profile: "live2d") {
            let jaw = try sentence.arkit("JawOpen")
            let close = try sentence.arkit("MouthClose")
            let mouth = try sentence.rig("ParamMouthOpenY")
            for frame in mouth.indices {
                #expect(abs(mouth[frame] - min(max(1.5 * (jaw[frame] - close[frame]), 0), 1)) < 1e-5)
            }
            let blinkLeft = try sentence.arkit("EyeBlinkLeft")
            #expect(zip(try sentence.rig("ParamEyeLOpen"), blinkLeft).allSatisfy { abs($0 - (1 - $1)) < 1e-5 })
            let form = try sentence.rig("ParamMouthForm") + (try sentence.rig("ParamBrowLY"))
            #expect(form.allSatisfy { (-1...1).contains($0) })
            openVowels += sentence.frames(of: "open_vowel").joined().map { mouth[$0] }
            bilabials += sentence.frames(of: "bilabial").joined().map { mouth[$0] }
        }
        let openMean = SpeechStatistics.mean(openVowels)
        #expect(openMean > 0.2, "open vowels open the Live2D mouth: mean \(openMean)")
        #expect(openMean > 3 * SpeechStatistics.mean(bilabials), "bilabials close it")
    }

    @Test("vrm: blink is the mean of the ARKit blinks and the eyes do close during the sentences")
    func vrmBlinks() throws {
        var deepestBlink: Float = 0
        for sentence in try Self.animatedSet(profile: "vrm") {
            let left = try sentence.arkit("EyeBlinkLeft")
            let right = try sentence.arkit("EyeBlinkRight")
            let blink = try sentence.rig("blink")
            for frame in blink.indices {
                #expect(abs(blink[frame] - (left[frame] + right[frame]) / 2) < 1e-5)
            }
            let asymmetricLeft = try sentence.rig("blinkLeft")
            #expect(zip(asymmetricLeft, zip(left, right)).allSatisfy { abs($0 - max(0, ($1.0 - $1.1) / 2)) < 1e-5 })
            deepestBlink = max(deepestBlink, blink.max() ?? 0)
        }
        #expect(deepestBlink > 0.9, "the blink animation closes the VRM's eyes")
    }

    @Test("ovr-visemes: every frame sums to 1; PP on bilabials, aa on open vowels")
    func ovrVisemes() throws {
        let visemes = Self.names("sil PP FF TH DD kk CH SS nn RR aa E ih oh ou")
        var bilabialHits = 0
        var bilabialTotal = 0
        var openHits = 0
        var openTotal = 0
        var silentHits = 0
        var silentTotal = 0
        for sentence in try Self.animatedSet(profile: "ovr-visemes") {
            let clip = sentence.rig
            let width = clip.channelCount
            func dominant(_ frame: Int) -> String {
                let row = clip.values[(frame * width)..<((frame + 1) * width)]
                return visemes[row.indices.max { row[$0] < row[$1] }! - frame * width]
            }
            for frame in 0..<clip.frameCount {
                let sum = clip.values[(frame * width)..<((frame + 1) * width)].reduce(0, +)
                #expect(abs(sum - 1) < 1e-4, "\(sentence.fixture.name) frame \(frame) sums to \(sum)")
            }
            // A bilabial is a brief closure: it counts when its closure frame (within a frame of it) shows PP.
            for frames in sentence.frames(of: "bilabial", paddingFrames: 1) where !frames.isEmpty {
                bilabialTotal += 1
                if frames.contains(where: { dominant($0) == "PP" }) { bilabialHits += 1 }
            }
            for frame in sentence.frames(of: "open_vowel").joined() {
                openTotal += 1
                if dominant(frame) == "aa" { openHits += 1 }
            }
            for frame in sentence.frames(of: "silence").joined() {
                silentTotal += 1
                if dominant(frame) == "sil" { silentHits += 1 }
            }
        }
        print(
            "ovr-visemes: PP on \(bilabialHits)/\(bilabialTotal) bilabials, aa on \(openHits)/\(openTotal) open-vowel frames, sil on \(silentHits)/\(silentTotal) silent frames"
        )
        #expect(bilabialTotal >= 50 && openTotal >= 50)
        #expect(
            Double(bilabialHits) >= 0.8 * Double(bilabialTotal), "PP on \(bilabialHits) of \(bilabialTotal) bilabials")
        #expect(Double(openHits) >= 0.7 * Double(openTotal), "aa on \(openHits) of \(openTotal) open-vowel frames")
        #expect(Double(silentHits) >= 0.7 * Double(silentTotal), "sil on \(silentHits) of \(silentTotal) silent frames")
    }
}
