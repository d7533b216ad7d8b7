import Audio2Face
import Audio2FaceTestSupport
import Foundation
import Testing

/// The reference service's six character profiles and its 61 MMD morph names, as the shipped configs and
/// assets answer them (shared/reference/seed-behaviour.md §4, §8).
@Suite struct ReferenceProfilesTests {
    static let emotions = ["anger", "disgust", "fear", "happiness", "sadness", "shyness", "surprise"]
    static let mmdProfiles = ["mmd-default"] + ReferenceMMDNames.characterProfiles

    /// The library of a shipped config file, with its `streaming.default_profile`.
    func shippedLibrary(_ configFile: String, blinkSeed: UInt64? = 42) throws -> PostprocessLibrary {
        var config = try ServiceConfig.load(fromFile: TestRepository.url(configFile).path)
        config.postprocess.blinkSeed = blinkSeed
        return try PostprocessLibrary(
            config: config.postprocess, defaultProfile: config.streaming.defaultProfile,
            baseDirectory: TestRepository.root)
    }

    /// Runs `clip` through `profile` of the default config with the emotion preset `offsetName`.
    func run(_ clip: FaceClip, profile: String, offsetName: String?) throws -> FaceClip {
        let library = try shippedLibrary("configs/default.yaml")
        var context = library.makeContext(framesPerSecond: 30)
        context.offsetName = offsetName
        return try library.pipeline(forProfile: profile).pipeline.process(clip, context: &context)
    }

    @Test("the mapping's targets are the reference's 61 names, byte for byte and in order")
    func mappingTargets() throws {
        let url = TestRepository.url("assets/mappings/arkit-to-mmd.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        // JSONSerialization forgets the key order, so read the keys in file order from the text: one target
        // per line, indented under "targets".
        let keys = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("    \""), let colon = line.range(of: "\": ") else { return nil }
            let key = line[..<colon.lowerBound]
            guard let quote = key.firstIndex(of: "\"") else { return nil }
            return String(key[key.index(after: quote)...])
        }
        #expect(ReferenceMMDNames.utf8(keys) == ReferenceMMDNames.utf8(ReferenceMMDNames.morphs))
    }

    @Test(
        "the built-in default lists arkit-default, mmd-default, the six character profiles and the retargeted rigs, in that order"
    )
    func defaultProfileList() {
        #expect(PostprocessConfig.referenceCharacterProfileNames == ReferenceMMDNames.characterProfiles)
        #expect(
            PostprocessConfig.default.profiles.map(\.name)
                == ["arkit-default"] + Self.mmdProfiles + ["vrm", "vrm0", "ovr-visemes", "live2d"])
        let modules = Set(
            PostprocessConfig.default.profiles.filter { Self.mmdProfiles.contains($0.name) }.map(\.modules))
        #expect(
            modules == [
                [
                    "unitalker_clip", "arkit_to_mmd", "mmd_jaw_blend", "mmd_mouth_scale", "mmd_emotion_offset",
                    "mmd_emotion_blink",
                ]
            ])
    }

    @Test("mmd-default and the six character profiles output exactly the 61 names", arguments: mmdProfiles)
    func outputNames(profile: String) throws {
        let library = try shippedLibrary("configs/default.yaml")
        let choice = library.pipeline(forProfile: profile)
        #expect(!choice.fellBack)
        #expect(choice.pipeline.profileName == profile)
        let names = try choice.pipeline.outputNames(forInput: BlendshapeNames.arkit51)
        #expect(ReferenceMMDNames.utf8(names) == ReferenceMMDNames.utf8(ReferenceMMDNames.morphs))
        let clip = PostprocessFixtures.arkitClip(frameCount: 3)
        #expect(
            try ReferenceMMDNames.utf8(run(clip, profile: profile, offsetName: nil).channelNames)
                == ReferenceMMDNames.utf8(ReferenceMMDNames.morphs))
    }

    @Test("every preset keeps every value of every character profile in [0, 1]", arguments: mmdProfiles)
    func valuesInRange(profile: String) throws {
        let clip = PostprocessFixtures.arkitClip(frameCount: 120, seed: 5)
        for emotion in Self.emotions {
            for level in 1...4 {
                let output = try run(clip, profile: profile, offsetName: "\(emotion)_\(level)")
                #expect(output.values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "\(emotion)_\(level)")
            }
        }
    }

    @Test(
        "each emotion preset raises its morphs on a still face",
        arguments: [
            ("happiness_4", ["にこり", "笑い", "喜び", "にっこり", "口角上げ"]),
            ("anger_4", ["怒り", "怒り目", "真面目"]),
            ("sadness_4", ["困る", "眼角下"]),
            ("surprise_4", ["びっくり", "上", "あ"]),
            ("fear_4", ["困る", "びっくり", "上", "口横広げ"]),
            ("disgust_4", ["ジト目", "怒り", "下眼上"]),
            ("shyness_4", ["照れ", "なごみ", "にこり"]),
        ])
    func presetMovesMorphs(preset: String, morphs: [String]) throws {
        let still = FaceClip(zeroFrames: 10, channelNames: BlendshapeNames.arkit51)
        let neutral = try run(still, profile: "KQ-default", offsetName: nil)
        let output = try run(still, profile: "KQ-default", offsetName: preset)
        for morph in morphs {
            let column = try #require(output.channelIndex(of: morph))
            #expect(neutral.column(column).allSatisfy { $0 == 0 }, "\(morph) rests at 0")
            #expect(output.column(column).allSatisfy { $0 >= 0.1 }, "\(preset) moves \(morph)")
        }
        let unrelated = try #require(output.channelIndex(of: "星目"))
        #expect(output.column(unrelated).allSatisfy { $0 == 0 })
    }

    @Test(
        "blinks close the eyes through まばたき, ウィンク２/ウィンク２右 or 笑い, depending on the emotion",
        arguments: [
            (nil, ["まばたき"]), ("anger_2", ["まばたき"]), ("sadness_1", ["まばたき"]),
            ("fear_2", ["ウィンク\u{FF12}", "ウィンク\u{FF12}右"]),
            ("surprise_3", ["ウィンク\u{FF12}", "ウィンク\u{FF12}右"]), ("happiness_2", ["笑い"]),
        ] as [(String?, [String])])
    func blinksCloseEyes(offsetName: String?, lids: [String]) throws {
        let still = FaceClip(zeroFrames: 300, channelNames: BlendshapeNames.arkit51)
        let output = try run(still, profile: "KQ-default", offsetName: offsetName)
        for lid in lids {
            let column = output.column(try #require(output.channelIndex(of: lid)))
            #expect(column.filter { $0 == 1 }.count >= 3, "\(lid) closes fully in 10 s")
            #expect(column.first ?? 1 < 0.3, "\(lid) is open at frame 0")
        }
    }

    @Test("configs/reference-compatible.yaml answers an empty or unknown profile name with KQ-default")
    func referenceCompatibleDefault() throws {
        let library = try shippedLibrary("configs/reference-compatible.yaml")
        #expect(library.defaultProfileName == "KQ-default")
        let empty = library.pipeline(forProfile: "")
        #expect(empty.pipeline.profileName == "KQ-default" && !empty.fellBack)
        let unknown = library.pipeline(forProfile: "Miku-default")
        #expect(unknown.pipeline.profileName == "KQ-default" && unknown.fellBack)
        #expect(library.presetNames(forProfile: "").count == 28)
        #expect(
            try shippedLibrary("configs/default.yaml").pipeline(forProfile: "").pipeline.profileName == "arkit-default")
    }

    @Test("a default_profile that is not configured stops start-up, listing the configured profiles")
    func unknownDefaultProfile() throws {
        #expect {
            _ = try PostprocessLibrary(
                config: PostprocessConfig(), defaultProfile: "KQ-defualt", baseDirectory: TestRepository.root)
        } throws: { error in
            guard case ConfigError.invalidValue(let key, let message) = error else { return false }
            return key == "streaming.default_profile" && message.contains("'KQ-defualt'")
                && message.contains("arkit-default, mmd-default, KQ-default, Ani-default")
        }
    }
}
