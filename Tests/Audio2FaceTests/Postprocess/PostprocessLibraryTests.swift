import Audio2FaceTestSupport
import Foundation
import Testing

@testable import Audio2Face

@Suite struct PostprocessLibraryTests {
    static let emotions = ["anger", "disgust", "fear", "happiness", "sadness", "shyness", "surprise"]
    static let presetNames = emotions.flatMap { emotion in (1...4).map { "\(emotion)_\($0)" } }.sorted()

    @Test("the shipped config loads with its profiles in order")
    func loadsShippedConfig() throws {
        let library = try PostprocessFixtures.shippedLibrary()
        #expect(
            library.profileNames
                == ["arkit-default", "mmd-default"] + ReferenceMMDNames.characterProfiles
                + PostprocessConfig.retargetedProfileNames)
        try library.validate(engineChannelNames: BlendshapeNames.arkit51)
        #expect(library.presetNames(forProfile: "arkit-default") == Self.presetNames)
        #expect(library.presetNames(forProfile: "mmd-default") == Self.presetNames)
    }

    @Test(
        "a known profile is used as asked; an unknown one falls back to the first, flagged unless empty",
        arguments: [
            ("mmd-default", "mmd-default", false), ("arkit-default", "arkit-default", false),
            ("anime", "arkit-default", true), ("", "arkit-default", false),
        ])
    func profileFallback(asked: String, used: String, fellBack: Bool) throws {
        let choice = try PostprocessFixtures.shippedLibrary().pipeline(forProfile: asked)
        #expect(choice.pipeline.profileName == used)
        #expect(choice.fellBack == fellBack)
    }

    @Test("profiles output ARKit names (arkit-default) or the reference's 61 MMD names in order (mmd-default)")
    func outputNames() throws {
        let library = try PostprocessFixtures.shippedLibrary()
        let arkit = library.pipeline(forProfile: "arkit-default").pipeline
        let mmd = library.pipeline(forProfile: "mmd-default").pipeline
        #expect(try arkit.outputNames(forInput: BlendshapeNames.arkit51) == BlendshapeNames.arkit51)
        let mmdNames = try mmd.outputNames(forInput: BlendshapeNames.arkit51)
        #expect(ReferenceMMDNames.utf8(mmdNames) == ReferenceMMDNames.utf8(ReferenceMMDNames.morphs))
        let clip = PostprocessFixtures.arkitClip(frameCount: 5)
        var context = library.makeContext(framesPerSecond: 30)
        #expect(try mmd.process(clip, context: &context).channelNames == mmdNames)
    }

    @Test("an engine without the 51 UniTalker channels fails start-up, naming the profile")
    func wrongEngine() throws {
        let library = try PostprocessFixtures.shippedLibrary()
        #expect {
            try library.validate(engineChannelNames: BlendshapeNames.arkit51 + ["TongueOut"])
        } throws: { error in
            guard case ConfigError.invalidValue(let key, let message) = error else { return false }
            return key == "postprocess.profiles[0].modules" && message.contains("arkit-default")
                && message.contains("52")
        }
    }

    @Test(
        "every profile's output is finite and inside its channels' ranges ([0, 1] unless a mapping declares another), whatever the engine gave",
        arguments: ["arkit-default", "mmd-default"] + PostprocessConfig.retargetedProfileNames,
        [nil, "happiness_4", "fear_4", "surprise_1", "unknown"])
    func outputClamped(profile: String, offsetName: String?) throws {
        let library = try PostprocessFixtures.shippedLibrary()
        var clip = PostprocessFixtures.arkitClip(frameCount: 400)
        let hostile: [Float] = [.nan, .infinity, -.infinity, -3, 7, 1.0000001, -0.0, .greatestFiniteMagnitude]
        for index in stride(from: 0, to: clip.values.count, by: 7) {
            clip.values[index] = hostile[(index / 7) % hostile.count]
        }
        var context = library.makeContext(framesPerSecond: 30)
        context.offsetName = offsetName
        let pipeline = library.pipeline(forProfile: profile).pipeline
        let output = try pipeline.process(clip, context: &context)
        #expect(output.frameCount == 400)
        let ranges = pipeline.valueRanges(forOutput: output.channelNames)
        #expect(ranges.allSatisfy { $0 == 0...1 } == (profile != "live2d"), "only live2d declares signed ranges")
        let outside = output.values.indices.filter { index in
            !(output.values[index].isFinite && ranges[index % output.channelCount].contains(output.values[index]))
        }
        #expect(outside.isEmpty, "values outside their range at \(outside.prefix(5))")
    }

    @Test(
        "a stream cut into 7 segments gives the same frames as one segment, in both profiles",
        arguments: ["arkit-default", "mmd-default"])
    func segmentationInvariant(profile: String) throws {
        let library = try PostprocessFixtures.shippedLibrary(blinkSeed: 2024)
        let pipeline = library.pipeline(forProfile: profile).pipeline
        let clip = PostprocessFixtures.arkitClip(frameCount: 900)
        var whole = library.makeContext(framesPerSecond: 30)
        whole.offsetName = "sadness_2"
        let expected = try pipeline.process(clip, context: &whole)
        var pieces = library.makeContext(framesPerSecond: 30)
        pieces.offsetName = "sadness_2"
        let joined = try PostprocessFixtures.processInPieces(
            clip, lengths: [31, 1, 150, 89, 300, 2], context: &pieces
        ) { try pipeline.process($0, context: &$1) }
        #expect(joined == expected)
    }

    @Test("blink_seed makes every stream blink alike; without it streams differ")
    func seeding() throws {
        let seeded = try PostprocessFixtures.shippedLibrary(blinkSeed: 9)
        let random = try PostprocessFixtures.shippedLibrary(blinkSeed: nil)
        let clip = FaceClip(zeroFrames: 900, channelNames: BlendshapeNames.arkit51)
        func run(_ library: PostprocessLibrary) throws -> FaceClip {
            var context = library.makeContext(framesPerSecond: 30)
            return try library.pipeline(forProfile: "arkit-default").pipeline.process(clip, context: &context)
        }
        #expect(try run(seeded) == run(seeded))
        #expect(try run(random) != run(random))
    }

    @Test("the chosen emotion preset adds its offsets in arkit-default")
    func presetApplied() throws {
        let library = try PostprocessFixtures.shippedLibrary()
        let pipeline = library.pipeline(forProfile: "arkit-default").pipeline
        let clip = FaceClip(zeroFrames: 10, channelNames: BlendshapeNames.arkit51)
        var context = library.makeContext(framesPerSecond: 30)
        context.offsetName = "happiness_4"
        let output = try pipeline.process(clip, context: &context)
        let smile = try #require(output.channelIndex(of: "MouthSmileLeft"))
        let cheek = try #require(output.channelIndex(of: "CheekSquintLeft"))
        #expect(output.column(smile) == Array(repeating: 0.55, count: 10))
        #expect(output.column(cheek) == Array(repeating: 0.5, count: 10))
    }

    // MARK: - Asset problems

    /// Builds a library over `files` (relative path → text) with the given module section.
    func library(modules: String, files: [String: String]) throws -> PostprocessLibrary {
        let directory = try PostprocessFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, text) in files {
            try PostprocessFixtures.write(text, to: path, in: directory)
        }
        let yaml = "assets_dir: .\nmodules:\n  \(modules)\nprofiles: [{name: p, modules: [m]}]\n"
        let config = try PostprocessConfig.decodeDocument(yaml: yaml, key: "postprocess", relativePathsFrom: directory)
        return try PostprocessLibrary(config: config, baseDirectory: directory)
    }

    /// Whether `error` is a ConfigError naming `file` (or none) and `key`.
    func names(_ error: any Error, file: String?, key: String) -> Bool {
        switch error as? ConfigError {
        case .malformed(let path, let actualKey, _)?: file.map { path.hasSuffix($0) } == true && actualKey == key
        case .invalidValue(let actualKey, let message)?: actualKey == key && (file.map { message.contains($0) } ?? true)
        default: false
        }
    }

    @Test(
        "a missing or malformed asset stops start-up, naming the file and the key",
        arguments: [
            (
                "m: {type: Offset, presets_directory: nowhere}", [:], "nowhere",
                "postprocess.modules.m.presets_directory"
            ),
            (
                "m: {type: Offset, presets_directory: o}", ["o/readme.txt": "x"], "o",
                "postprocess.modules.m.presets_directory"
            ),
            ("m: {type: Offset, presets_directory: o}", ["o/joy_1.json": #"{"A": 1.5}"#], "o/joy_1.json", "A"),
            ("m: {type: Offset, presets_directory: o}", ["o/joy_1.json": #"{"A": "high"}"#], "o/joy_1.json", "A"),
            ("m: {type: Offset, presets_directory: o}", ["o/joy_1.json": #"{"A": 0.5"#], "o/joy_1.json", ""),
            ("m: {type: Retarget, mapping: map.json}", [:], "map.json", "postprocess.modules.m.mapping"),
            ("m: {type: Retarget, mapping: map.json}", ["map.json": "{}"], "map.json", "targets"),
            ("m: {type: Retarget, mapping: map.json}", ["map.json": #"["a"]"#], "map.json", ""),
            (
                "m: {type: Retarget, mapping: map.json}", ["map.json": #"{"targets": {"あ": 3}}"#], "map.json",
                "targets.あ"
            ),
            (
                "m: {type: Retarget, mapping: map.json}",
                ["map.json": #"{"targets": {"あ": {"from": {"Jaw": 1}}}}"#], "map.json", "targets.あ.from.Jaw"
            ),
            (
                "m: {type: CustomBlink, animations_directory: b}",
                ["b/default.json": #"{"blendshape_names": ["A"], "blendshape_values": [[0.5], [1.5]]}"#],
                "b/default.json", "blendshape_values[1][0]"
            ),
            (
                "m: {type: CustomBlink, animations_directory: b}",
                ["b/default.json": #"{"blendshape_names": ["A"], "blendshape_values": [[0.5, 1]]}"#], "b/default.json",
                "blendshape_values[0]"
            ),
            (
                "m: {type: CustomBlink, animations_directory: b}",
                ["b/default.json": #"{"blendshape_values": [[0.5]]}"#], "b/default.json", "blendshape_names"
            ),
            (
                "m: {type: CustomBlink, animations_directory: b}",
                ["b/default.json": #"{"blendshape_names": ["A", "A"], "blendshape_values": [[0, 0]]}"#],
                "b/default.json", "blendshape_names[1]"
            ),
            (
                "m: {type: CustomBlink, animations_directory: b}",
                ["b/happy.json": #"{"blendshape_names": ["A"], "blendshape_values": [[0.5]]}"#], nil,
                "postprocess.modules.m.default_animation"
            ),
        ] as [(String, [String: String], String?, String)])
    func badAssets(modules: String, files: [String: String], file: String?, key: String) throws {
        #expect {
            _ = try library(modules: modules, files: files)
        } throws: { error in
            names(error, file: file, key: key)
        }
    }

    @Test("well-formed assets in another directory load, with the mapping's order kept")
    func customAssets() throws {
        let library = try library(
            modules: "m: {type: Retarget, mapping: map.json}",
            files: [
                "map.json":
                    #"{"targets": {"z": {"from": {"JawOpen": 1}}, "y": {}, "x": {"from": {"MouthClose": 1}}, "\u3042": {}}}"#
            ])
        let pipeline = library.pipeline(forProfile: "p").pipeline
        #expect(try pipeline.outputNames(forInput: ["JawOpen", "MouthClose"]) == ["z", "y", "x", "あ"])
    }
}
