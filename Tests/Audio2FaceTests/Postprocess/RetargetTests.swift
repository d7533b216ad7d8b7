import Audio2FaceTestSupport
import Foundation
import Testing

@testable import Audio2Face

@Suite struct RetargetTests {
    typealias Target = RetargetMapping.Target

    func module(_ targets: [Target], normalization: RetargetMapping.Normalization = .none) throws -> Retarget {
        try Retarget(name: "rig", mapping: RetargetMapping(targets: targets, normalization: normalization))
    }

    func run(_ module: Retarget, _ names: [String], _ rows: [[Float]]) throws -> FaceClip {
        var context = PostprocessFixtures.context()
        return try module.process(PostprocessFixtures.clip(names, rows), context: &context)
    }

    @Test("each target is the weighted sum of its sources, in mapping order; missing sources count as 0")
    func weightedSums() throws {
        let rig = try module([
            Target(name: "open", weights: [("JawOpen", 0.5), ("MouthClose", -0.5)]),
            Target(name: "smile", weights: [("MouthSmileLeft", 0.5), ("MouthSmileRight", 0.5)]),
            Target(name: "constant", weights: []),
        ])
        let names = ["MouthSmileLeft", "JawOpen", "MouthClose"]
        let output = try run(rig, names, [[0.4, 0.8, 0.2], [1, 0, 0]])
        #expect(output.channelNames == ["open", "smile", "constant"])
        #expect(output.frameCount == 2)
        #expect(abs(output.values[0] - 0.3) < 1e-6)
        #expect(abs(output.values[1] - 0.2) < 1e-6, "MouthSmileRight is absent and counts as 0")
        #expect(output.values[2] == 0)
        #expect(output.values[3] == 0, "0.5 · 0 − 0.5 · 0")
        #expect(abs(output.values[4] - 0.5) < 1e-6)
        #expect(try rig.outputNames(forInput: names) == ["open", "smile", "constant"])
    }

    @Test("the curve shapes the sum: offset + gain · sign(s)·|s|^exponent")
    func curve() throws {
        let rig = try module([
            Target(name: "eyeOpen", weights: [("EyeBlinkLeft", -1)], curve: RetargetCurve(offset: 1)),
            Target(name: "squared", weights: [("JawOpen", 1)], curve: RetargetCurve(gain: 2, exponent: 2)),
            Target(
                name: "signed", weights: [("BrowDownLeft", -1)], curve: RetargetCurve(exponent: 2), range: -1...1),
        ])
        let output = try run(rig, ["EyeBlinkLeft", "JawOpen", "BrowDownLeft"], [[0.25, 0.5, 0.5]])
        #expect(abs(output.values[0] - 0.75) < 1e-6)
        #expect(abs(output.values[1] - 0.5) < 1e-6, "2 · 0.5²")
        #expect(abs(output.values[2] + 0.25) < 1e-6, "the sign survives the exponent")
    }

    @Test("values are bounded by each target's range, and the pipeline's final clamp uses the declared ranges")
    func ranges() throws {
        let rig = try module([
            Target(name: "form", weights: [("MouthSmileLeft", 2), ("MouthFrownLeft", -2)], range: -1...1),
            Target(name: "open", weights: [("JawOpen", 3)]),
        ])
        let names = ["MouthSmileLeft", "MouthFrownLeft", "JawOpen"]
        let output = try run(rig, names, [[0, 0.9, 0.9], [0.2, 0, 0.1]])
        #expect(output.values[0] == -1 && output.values[1] == 1, "−1.8 and 2.7 are bounded")
        #expect(abs(output.values[2] - 0.4) < 1e-6 && abs(output.values[3] - 0.3) < 1e-6)

        // A later module may push a value outside; the pipeline clamps to the declared range, not [0, 1].
        let shift = BlendshapeScale(name: "shift", factors: ["form": 3])
        let pipeline = Pipeline(profileName: "p", modules: [rig, shift])
        var context = PostprocessFixtures.context()
        let clamped = try pipeline.process(PostprocessFixtures.clip(names, [[0, 0.1, 0.5]]), context: &context)
        #expect(abs(clamped.values[0] + 0.6) < 1e-6, "−0.2 · 3 stays negative inside −1…1")
        #expect(pipeline.valueRanges(forOutput: ["form", "open", "other"]) == [-1...1, 0...1, 0...1])
    }

    @Test("sum_to_one scales each frame's targets to add up to 1; an all-zero frame rests on the first target")
    func normalization() throws {
        let rig = try module(
            [
                Target(name: "sil", weights: []),
                Target(name: "PP", weights: [("MouthClose", 1)]),
                Target(name: "aa", weights: [("JawOpen", 1)]),
            ], normalization: .sumToOne)
        let output = try run(rig, ["MouthClose", "JawOpen"], [[0.2, 0.6], [0, 0]])
        #expect(abs(output.values[1] - 0.25) < 1e-6 && abs(output.values[2] - 0.75) < 1e-6)
        #expect(output.values[0] == 0)
        #expect(Array(output.values[3...]) == [1, 0, 0])
    }

    @Test(
        "a bad mapping is refused with the key and the problem",
        arguments: [
            ([Target](), "rig.targets"),
            ([Target(name: "a", weights: []), Target(name: "a", weights: [])], "rig.targets.a"),
            ([Target(name: "a", weights: [("Jaw", 1)])], "rig.targets.a.from.Jaw"),
            ([Target(name: "a", weights: [("JawOpen", .nan)])], "rig.targets.a.from.JawOpen"),
            ([Target(name: "a", weights: [("JawOpen", 1), ("JawOpen", 2)])], "rig.targets.a.from.JawOpen"),
        ] as [([Target], String)])
    func refusals(targets: [Target], key: String) {
        #expect {
            _ = try module(targets)
        } throws: { error in
            guard case .invalidValue(let actualKey, _)? = error as? ConfigError else { return false }
            return actualKey == key
        }
    }

    @Test("sum_to_one refuses targets whose range goes below 0")
    func normalizationNeedsNonNegativeRanges() {
        #expect(throws: ConfigError.self) {
            _ = try module([Target(name: "a", weights: [], range: -1...1)], normalization: .sumToOne)
        }
    }
}

/// Loading mapping files: every problem names the file, the key inside it and what is wrong.
@Suite struct RetargetMappingFileTests {
    func load(_ text: String) throws -> RetargetMapping {
        let directory = try PostprocessFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try text.write(to: directory.appendingPathComponent("rig.json"), atomically: true, encoding: .utf8)
        return try PostprocessAssetLoader(baseDirectory: directory).loadRetargetMapping(
            "rig.json", configKey: "postprocess.modules.rig.mapping")
    }

    @Test("a full mapping file loads with its order, weights, curves, ranges and normalisation")
    func loads() throws {
        let mapping = try load(
            #"""
            {
              "normalize": "sum_to_one",
              "targets": {
                "z": {"from": {"JawOpen": 0.5, "MouthClose": -1}, "curve": {"gain": 2, "offset": 0.1, "exponent": 1.5}},
                "a": {"range": [0, 2]},
                "m": {"from": {"TongueOut": 1}}
              }
            }
            """#)
        #expect(mapping.normalization == .sumToOne)
        #expect(mapping.targets.map(\.name) == ["z", "a", "m"])
        #expect(mapping.targets[0].weights.map(\.source) == ["JawOpen", "MouthClose"])
        #expect(mapping.targets[0].weights.map(\.weight) == [0.5, -1])
        #expect(mapping.targets[0].curve == RetargetCurve(gain: 2, offset: 0.1, exponent: 1.5))
        #expect(mapping.targets[1].range == 0...2 && mapping.targets[1].weights.isEmpty)
        #expect(mapping.targets[2].curve == .identity && mapping.targets[2].range == 0...1)
    }

    @Test(
        "a malformed mapping file names the file, the key and the problem",
        arguments: [
            (#"{"targets": {"a": {"from": {"Jaw": 1}}}}"#, "targets.a.from.Jaw", "unknown source channel 'Jaw'"),
            (#"{"targets": {"a": {"range": [1, 0]}}}"#, "targets.a.range", "must be below max"),
            (#"{"targets": {"a": {"range": [0]}}}"#, "targets.a.range", "two numbers"),
            (#"{"targets": {"a": {"from": {"JawOpen": "high"}}}}"#, "targets.a.from.JawOpen", "must be a number"),
            (#"{"targets": {"a": {}, "b": {}, "a": {}}}"#, "", "not valid JSON"),
            (#"{"targets": {"a": {"curve": {"exponent": 0}}}}"#, "targets.a.curve.exponent", "must be above 0"),
            (#"{"targets": {"a": {"curve": {"slope": 1}}}}"#, "targets.a.curve.slope", "allowed keys: gain"),
            (#"{"targets": {"a": {"weights": {}}}}"#, "targets.a.weights", "allowed keys: from, curve, range"),
            (#"{"targets": {}}"#, "targets", "is empty"),
            (#"{"normalize": "max", "targets": {"a": {}}}"#, "normalize", "none, sum_to_one"),
            (#"{"targts": {}}"#, "targts", "allowed keys: targets, normalize"),
            (#"{"normalize": "none"}"#, "targets", "is missing"),
            (#"{"targets": {"a": 1}}"#, "targets.a", "expected a JSON object"),
        ] as [(String, String, String)])
    func malformed(text: String, key: String, problem: String) {
        #expect {
            _ = try load(text)
        } throws: { error in
            guard case .malformed(let path, let actualKey, let reason)? = error as? ConfigError else { return false }
            return path.hasSuffix("rig.json") && actualKey == key && reason.contains(problem)
                && reason.contains("postprocess.modules.rig.mapping")
        }
    }
}
