import Audio2Face
import Foundation
import Testing

/// Checks the data in `assets/` against its documented design (docs/postprocessing.md).
@Suite struct ShippedAssetsTests {
    static let emotions = ["anger", "disgust", "fear", "happiness", "sadness", "shyness", "surprise"]

    func json(_ relativePath: String) throws -> Any {
        let url = PostprocessFixtures.repositoryRoot.appendingPathComponent("assets").appendingPathComponent(
            relativePath)
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }

    func preset(_ kind: String, _ name: String) throws -> [String: Double] {
        try #require(try json("offsets/\(kind)/\(name).json") as? [String: Double])
    }

    func blink(_ kind: String, _ name: String) throws -> (names: [String], rows: [[Double]]) {
        let object = try #require(try json("blinks/\(kind)/\(name).json") as? [String: Any])
        let names = try #require(object["blendshape_names"] as? [String])
        let rows = try #require(object["blendshape_values"] as? [[Double]])
        return (names, rows)
    }

    /// The MMD names the shipped mapping produces.
    func mmdNames() throws -> [String] {
        try PostprocessFixtures.shippedLibrary().pipeline(forProfile: "mmd-default").pipeline
            .outputNames(forInput: BlendshapeNames.arkit51)
    }

    @Test("each name set has exactly the 28 presets emotion_1…4, growing with intensity", arguments: ["arkit", "mmd"])
    func presetsGrowWithIntensity(kind: String) throws {
        let directory = PostprocessFixtures.repositoryRoot.appendingPathComponent("assets/offsets/\(kind)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == Self.emotions.flatMap { emotion in (1...4).map { "\(emotion)_\($0).json" } })
        let validNames = kind == "arkit" ? BlendshapeNames.arkit51 : try mmdNames()
        for emotion in Self.emotions {
            let levels = try (1...4).map { try preset(kind, "\(emotion)_\($0)") }
            #expect(Set(levels.map { Set($0.keys) }).count == 1, "\(kind) \(emotion): same channels at every level")
            for (channel, strongest) in levels[3] {
                #expect(validNames.contains(channel), "\(kind) \(emotion): unknown channel \(channel)")
                let values = levels.map { $0[channel] ?? 0 }
                #expect(values == values.sorted() && Set(values).count == 4, "\(kind) \(emotion) \(channel)")
                #expect(strongest > 0 && strongest <= 0.7)
            }
        }
    }

    @Test(
        "ARKit presets follow the FACS action units of each emotion",
        arguments: [
            ("happiness", ["CheekSquintLeft", "CheekSquintRight", "MouthSmileLeft", "MouthSmileRight"]),
            ("sadness", ["BrowInnerUp", "MouthFrownLeft", "MouthFrownRight"]),
            (
                "surprise",
                ["BrowInnerUp", "BrowOuterUpLeft", "BrowOuterUpRight", "EyeWideLeft", "EyeWideRight", "JawOpen"]
            ),
            (
                "anger",
                [
                    "BrowDownLeft", "BrowDownRight", "EyeSquintLeft", "EyeSquintRight", "MouthPressLeft",
                    "MouthPressRight",
                ]
            ),
            ("disgust", ["NoseSneerLeft", "NoseSneerRight", "MouthUpperUpLeft", "MouthUpperUpRight"]),
            (
                "fear",
                [
                    "BrowInnerUp", "BrowOuterUpLeft", "BrowDownLeft", "EyeWideLeft", "EyeWideRight", "MouthStretchLeft",
                    "MouthStretchRight",
                ]
            ),
            ("shyness", ["MouthSmileLeft", "MouthSmileRight", "EyeLookDownLeft", "EyeLookDownRight"]),
        ])
    func arkitPresetsFollowFACS(emotion: String, channels: [String]) throws {
        let strongest = try preset("arkit", "\(emotion)_4")
        for channel in channels {
            #expect((strongest[channel] ?? 0) >= 0.2, "\(emotion)_4 \(channel)")
        }
    }

    @Test(
        "blink animations: default plus one per emotion, closing in ≤ 4 frames and opening more slowly",
        arguments: ["arkit", "mmd"])
    func blinkCurves(kind: String) throws {
        let validNames = kind == "arkit" ? BlendshapeNames.arkit51 : try mmdNames()
        for name in ["default"] + Self.emotions {
            let animation = try blink(kind, name)
            #expect(animation.names.allSatisfy(validNames.contains), "\(kind)/\(name)")
            #expect(
                animation.rows.allSatisfy {
                    $0.count == animation.names.count && $0.allSatisfy { (0...1).contains($0) }
                })
            let lid = animation.rows.map { $0[0] }
            let peak = try #require(lid.firstIndex(of: 1), "\(kind)/\(name) closes fully")
            let reopened = try #require(lid.indices.first { $0 > peak && lid[$0] <= 0.1 })
            #expect(peak <= (name == "default" ? 3 : 4), "\(kind)/\(name): closes within 100 ms (default) or 133 ms")
            #expect(reopened - peak > peak, "\(kind)/\(name): opens more slowly than it closes")
            #expect((10...16).contains(lid.count))
            #expect(lid.last == 0 && animation.rows.last!.allSatisfy { $0 == 0 }, "\(kind)/\(name) ends open")
        }
        let eyelids = try blink(kind, "default").names
        #expect(kind == "arkit" ? Array(eyelids.prefix(2)) == ["EyeBlinkLeft", "EyeBlinkRight"] : eyelids[0] == "まばたき")
    }

    @Test("the ARKit → MMD mapping keeps the reference's pairs")
    func referencePairs() throws {
        let file = try #require(try json("mappings/arkit-to-mmd.json") as? [String: Any])
        let targets = try #require(file["targets"] as? [String: [String: Any]])
        let weights = targets.mapValues { $0["from"] as? [String: Double] ?? [:] }
        let expected = [
            "あ": "JawOpen", "お": "JawOpen", "ワ": "JawOpen", "あ２": "JawOpen", "う": "MouthFunnel",
            "口横狭め": "MouthPucker", "ウィンク２": "EyeBlinkLeft", "ウィンク２右": "EyeBlinkRight",
        ]
        for (target, source) in expected {
            #expect(weights[target] == [source: 1], "\(target)")
        }
        #expect(try #require(weights["まばたき"]).isEmpty)
        #expect(
            targets.values.allSatisfy { $0["curve"] == nil && $0["range"] == nil }, "a plain copy, as the reference")
        #expect(weights.values.allSatisfy { $0.count <= 1 && $0.keys.allSatisfy(BlendshapeNames.arkit51.contains) })
    }
}
