import Audio2Face
import Foundation
import Testing
import Yams

@Suite struct PostprocessConfigTests {
    /// A document whose root holds the section, as in a config file.
    struct Document: Decodable {
        var postprocess: PostprocessConfig = .default

        enum CodingKeys: String, CodingKey { case postprocess }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            postprocess = try container.decodeIfPresent(PostprocessConfig.self, forKey: .postprocess) ?? .default
        }
    }

    func decode(_ yaml: String) throws -> PostprocessConfig {
        try YAMLDecoder().decode(Document.self, from: yaml).postprocess
    }

    /// The config error thrown by `body`, also when YAMLDecoder wrapped it in a DecodingError (as it does
    /// with any error thrown inside `init(from:)`); fails the test when another error or none is thrown.
    func configError(_ body: () throws -> Void) throws -> ConfigError {
        do {
            try body()
        } catch let error as ConfigError {
            return error
        } catch DecodingError.dataCorrupted(let context) {
            if let error = context.underlyingError as? ConfigError { return error }
            Issue.record("unexpected \(context)")
        }
        Issue.record("no ConfigError was thrown")
        throw CancellationError()
    }

    @Test("an absent or empty section gives the shipped default, arkit-default first")
    func defaults() throws {
        #expect(try decode("other: 1\n") == .default)
        #expect(try decode("postprocess: {}\n") == .default)
        #expect(PostprocessConfig.default.profiles.map(\.name) == ["arkit-default", "mmd-default"])
        #expect(PostprocessConfig.default.blinkSeed == nil)
        try PostprocessConfig.default.validate()
    }

    @Test("the postprocess section of configs/default.yaml decodes to exactly the built-in default")
    func shippedSectionMatchesDefault() throws {
        let url = PostprocessFixtures.repositoryRoot.appendingPathComponent("configs/default.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(try decode(text) == .default)
        #expect(try decode(text + "  blink_seed: 42\n").blinkSeed == 42)
    }

    @Test("module types and parameters decode; profile order is kept")
    func decodesModules() throws {
        let config = try decode(
            """
            postprocess:
              blink_seed: 18446744073709551615
              modules:
                jaw: {type: LinearExpBlend, names: [JawOpen], blend_weight: 0.5}
                clip: {type: UnitalkerClip}
                blink: {type: CustomBlink, animations_directory: blinks, blend: max}
              profiles:
                - {name: b, modules: [clip, jaw]}
                - {name: a, modules: [blink]}
            """)
        #expect(config.blinkSeed == .max)
        #expect(
            config.profiles == [
                PostprocessProfileConfig(name: "b", modules: ["clip", "jaw"]),
                PostprocessProfileConfig(name: "a", modules: ["blink"]),
            ])
        #expect(
            config.modules.mapValues(\.typeName) == [
                "jaw": "LinearExpBlend", "clip": "UnitalkerClip", "blink": "CustomBlink",
            ])
        #expect(config.modules["jaw"] != config.modules["clip"])
        try config.validate()
    }

    @Test("the config survives encoding and decoding unchanged")
    func roundTrip() throws {
        var config = PostprocessConfig.default
        config.blinkSeed = 5
        let json = try JSONEncoder().encode(Document.Wrapper(postprocess: config))
        #expect(try decode(String(decoding: json, as: UTF8.self)) == config)
    }

    @Test("an unknown module type names the key and the known types")
    func unknownType() throws {
        let error = try configError {
            _ = try decode("postprocess:\n  modules:\n    jaw: {type: LinearBlend}\n")
        }
        guard case .invalidValue(let key, let message) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(key == "postprocess.modules.jaw.type")
        #expect(message.contains("LinearBlend"))
        #expect(message.contains(PostprocessModuleConfig.knownTypeNames.joined(separator: ", ")))
        #expect(PostprocessModuleConfig.knownTypeNames.count == 9)
        let missing = try configError { _ = try decode("postprocess:\n  modules:\n    jaw: {names: [A]}\n") }
        #expect(missing.description.contains("postprocess.modules.jaw.type"))
    }

    @Test("a misspelt parameter stops decoding, naming it")
    func unknownParameter() {
        #expect {
            _ = try decode("postprocess:\n  modules:\n    s: {type: BlendshapeScale, sclaes: {A: 1}}\n")
        } throws: { error in
            String(describing: error).contains("sclaes")
        }
        #expect(throws: (any Error).self) { _ = try decode("postprocess:\n  profile: []\n") }
    }

    @Test("an unknown blend mode names the key and the choices")
    func unknownBlend() throws {
        let error = try configError {
            _ = try decode(
                "postprocess:\n  modules:\n    b: {type: CustomBlink, animations_directory: x, blend: soft}\n")
        }
        #expect(
            error
                == .invalidValue(
                    key: "postprocess.modules.b.blend", message: "'soft' is not a blend mode; use replace or max"))
    }

    @Test(
        "validation names the bad key",
        arguments: [
            ("profiles: []", "postprocess.profiles"),
            ("profiles: [{name: p, modules: [clip, nope]}]", "postprocess.profiles[0].modules[1]"),
            ("profiles: [{name: p, modules: [clip, clip]}]", "postprocess.profiles[0].modules[1]"),
            ("profiles: [{name: p, modules: []}, {name: p, modules: []}]", "postprocess.profiles[1].name"),
            ("profiles: [{modules: [clip]}]", "postprocess.profiles[0].name"),
            (
                "modules: {c: {type: BlendshapeClip, upper_bounds: {JawOpen: 1.5}}}",
                "postprocess.modules.c.upper_bounds.JawOpen"
            ),
            (
                "modules: {c: {type: BlendshapeClip, lower_bounds: {JawOpen: -0.1}}}",
                "postprocess.modules.c.lower_bounds.JawOpen"
            ),
            (
                "modules: {c: {type: BlendshapeClip, lower_bounds: {A: 0.5}, upper_bounds: {A: 0.4}}}",
                "postprocess.modules.c.upper_bounds.A"
            ),
            ("modules: {c: {type: BlendshapeClip}}", "postprocess.modules.c.lower_bounds"),
            ("modules: {t: {type: BlendshapeThreshold, thresholds: {A: 1.01}}}", "postprocess.modules.t.thresholds.A"),
            ("modules: {s: {type: BlendshapeScale, scales: {A: -1}}}", "postprocess.modules.s.scales.A"),
            ("modules: {j: {type: LinearExpBlend, names: [A], blend_weight: 2}}", "postprocess.modules.j.blend_weight"),
            (
                "modules: {j: {type: LinearExpBlend, names: [A], normalize_reference: 0}}",
                "postprocess.modules.j.normalize_reference"
            ),
            ("modules: {j: {type: LinearExpBlend, names: [A], offset: -1.5}}", "postprocess.modules.j.offset"),
            ("modules: {j: {type: LinearExpBlend}}", "postprocess.modules.j.names"),
            (
                "modules: {b: {type: CustomBlink, animations_directory: x, lower_interval_frames: 0}}",
                "postprocess.modules.b.lower_interval_frames"
            ),
            (
                "modules: {b: {type: CustomBlink, animations_directory: x, upper_interval_frames: 20}}",
                "postprocess.modules.b.upper_interval_frames"
            ),
            ("modules: {b: {type: CustomBlink}}", "postprocess.modules.b.animations_directory"),
            ("modules: {o: {type: Offset}}", "postprocess.modules.o.presets_directory"),
            ("modules: {r: {type: Rename}}", "postprocess.modules.r.mapping"),
            (
                "modules: {u: {type: UnitalkerRandomBlink, lower_interval_seconds: 0}}",
                "postprocess.modules.u.lower_interval_seconds"
            ),
            (
                "modules: {u: {type: UnitalkerRandomBlink, upper_interval_seconds: 2}}",
                "postprocess.modules.u.upper_interval_seconds"
            ),
        ])
    func validationNamesKey(section: String, key: String) throws {
        var yaml = "postprocess:\n  \(section)\n"
        if !section.hasPrefix("profiles") {
            yaml += "  profiles: [{name: p, modules: []}]\n"
        } else {
            yaml += "  modules: {clip: {type: UnitalkerClip}}\n"
        }
        let config = try decode(yaml)
        let error = try configError { try config.validate() }
        guard case .invalidValue(let actualKey, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(actualKey == key)
    }
}

extension PostprocessConfigTests.Document {
    /// Encodes a section under `postprocess:`.
    struct Wrapper: Encodable {
        var postprocess: PostprocessConfig
    }
}
