import Audio2Face
import Audio2FaceTestSupport
import Foundation
import NvidiaA2FProtocol
import Testing

@testable import Audio2FaceServer

/// Small presets and clips for the NvidiaParameters suites: every family the emotion table needs has four
/// levels that move one channel by 0.1 × level.
enum NvidiaParametersFixture {
    static let names = NvidiaBlendShapeNames.all

    /// The one channel each family's levels move (surprise's in lower camel case, as our ARKit presets
    /// could spell it).
    static let familyChannels = [
        "surprise": "jawOpen", "happiness": "MouthSmileLeft", "anger": "BrowDownLeft", "disgust": "NoseSneerLeft",
        "fear": "EyeWideLeft", "sadness": "MouthFrownLeft",
    ]

    static var presetFiles: [String: [String: Float]] {
        var files: [String: [String: Float]] = [:]
        for (family, channel) in familyChannels {
            for level in 1...4 {
                files["\(family)_\(level)"] = [channel: 0.1 * Float(level)]
            }
        }
        return files
    }

    static func presets() throws -> NvidiaEmotionPresets {
        try NvidiaEmotionPresets(presets: presetFiles)
    }

    static func column(_ name: String) -> Int {
        names.firstIndex(of: name)!
    }

    /// `frameCount` frames with every channel at `base`, except `values` per channel name.
    static func clip(frames frameCount: Int, base: Float = 0, _ values: [String: Float] = [:]) -> FaceClip {
        var row = [Float](repeating: base, count: names.count)
        for (name, value) in values {
            row[column(name)] = value
        }
        return FaceClip(channelNames: names, values: Array([[Float]](repeating: row, count: frameCount).joined()))
    }

    static func header(_ configure: (inout NvidiaAudioStreamHeader) -> Void = { _ in }) -> NvidiaAudioStreamHeader {
        var header = NvidiaAudioStreamHeader()
        configure(&header)
        return header
    }

    static func controls(
        frameRate: Double = 30, _ configure: (inout NvidiaAudioStreamHeader) -> Void = { _ in }
    ) throws -> NvidiaFaceControls {
        try NvidiaFaceControls(
            header: header(configure), channelNames: names, presets: presets(), frameRate: frameRate)
    }

    static func keyframe(at time: Double, _ emotion: [String: Float]) -> NvidiaEmotionWithTimeCode {
        var keyframe = NvidiaEmotionWithTimeCode()
        keyframe.timeCode = time
        keyframe.emotion = emotion
        return keyframe
    }

    /// The error message of `body`, or nil when it does not throw a protocol violation.
    static func violation(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            guard case .protocolViolation(let message)? = error as? StreamError else { return nil }
            return message
        }
    }
}

/// ``NvidiaEmotionPresets``: our ARKit presets by family and level, in NVIDIA's channel spelling.
@Suite struct NvidiaParametersPresetsTests {
    @Test("the shipped ARKit presets load through the config: four levels per family, NVIDIA's names")
    func shippedPresets() throws {
        var config = ServiceConfig()
        config.postprocess.assetsDirectory = "assets"
        let presets = try NvidiaEmotionPresets(config: config, baseDirectory: TestRepository.root)
        #expect(
            presets.levels.keys.sorted() == ["anger", "disgust", "fear", "happiness", "sadness", "surprise"])
        for (family, levels) in presets.levels {
            #expect(levels.count == 4, "family \(family)")
        }
        #expect(presets.levels["happiness"]?[3]["MouthSmileLeft"] == 0.55)
        #expect(presets.levels["surprise"]?[0]["JawOpen"] == 0.05)
        let channels = Set(presets.levels.values.flatMap { $0.flatMap(\.keys) })
        #expect(channels.isSubset(of: Set(NvidiaBlendShapeNames.all)))
    }

    @Test("lower camel case channel names become NVIDIA's capitalised names")
    func renamesLowerCamelCase() throws {
        let presets = try NvidiaParametersFixture.presets()
        #expect(presets.levels["surprise"]?[1] == ["JawOpen": 0.2])
    }

    @Test("a channel outside NVIDIA's 52 names the preset and the channel")
    func unknownChannel() {
        var files = NvidiaParametersFixture.presetFiles
        files["fear_2"] = ["EyeWideLeft": 0.2, "Blush": 0.1]
        let error = #expect(throws: ConfigError.self) { try NvidiaEmotionPresets(presets: files) }
        #expect(error?.description.contains("fear_2") == true)
        #expect(error?.description.contains("'Blush'") == true)
    }

    @Test("a family the emotion table needs must exist, and its levels must have no gap")
    func missingFamilyAndGaps() {
        var missing = NvidiaParametersFixture.presetFiles
        for level in 1...4 { missing["sadness_\(level)"] = nil }
        let missingError = #expect(throws: ConfigError.self) { try NvidiaEmotionPresets(presets: missing) }
        #expect(missingError?.description.contains("sadness_1") == true)
        var gap = NvidiaParametersFixture.presetFiles
        gap["anger_3"] = nil
        let gapError = #expect(throws: ConfigError.self) { try NvidiaEmotionPresets(presets: gap) }
        #expect(gapError?.description.contains("'anger_4'") == true)
        #expect(gapError?.description.contains("gap") == true)
    }

    @Test("presets of families no NVIDIA emotion uses are ignored")
    func unusedFamiliesIgnored() throws {
        var files = NvidiaParametersFixture.presetFiles
        files["shyness_1"] = ["NotAChannel": 0.1]
        let presets = try NvidiaEmotionPresets(presets: files)
        #expect(presets.levels["shyness"] == nil)
    }
}
