import Foundation
import Testing

@testable import Audio2Face

@Suite struct PostprocessConfigTests {
    /// The `postprocess` section of a config document (read and validated with the whole document).
    func decode(_ yaml: String) throws -> PostprocessConfig {
        try ServiceConfig.parse(yaml: yaml).postprocess
    }

    /// The config error thrown by `body`; fails the test when another error or none is thrown.
    func configError(_ body: () throws -> Void) throws -> ConfigError {
        do {
            try body()
        } catch let error as ConfigError {
            return error
        }
        Issue.record("no ConfigError was thrown")
        throw CancellationError()
    }

    @Test("an absent or empty section gives the shipped default, arkit-default first")
    func defaults() throws {
        #expect(try decode("") == .default)
        #expect(try decode("postprocess: {}\n") == .default)
        #expect(try decode("postprocess:\n") == .default)
        #expect(PostprocessConfig.default.profiles.map(\.name).prefix(2) == ["arkit-default", "mmd-default"])
        #expect(PostprocessConfig.default.blinkSeed == nil)
        try PostprocessConfig.default.validate()
    }

    @Test("the postprocess section of configs/default.yaml decodes to exactly the built-in default")
    func shippedSectionMatchesDefault() throws {
        let url = PostprocessFixtures.repositoryRoot.appendingPathComponent("configs/default.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(try decode(text) == .default)
        #expect(try decode(text.replacingOccurrences(of: "blink_seed: null", with: "blink_seed: 42")).blinkSeed == 42)
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

    @Test("a module's parameters are declared once: each type lists its keys, unset keys keep their defaults")
    func declaredParameters() throws {
        #expect(
            CustomBlink.Parameters.declaredKeys(under: "") == [
                "animations_directory", "default_animation", "lower_interval_frames", "upper_interval_frames", "blend",
            ])
        #expect(
            UnitalkerRandomBlink.Parameters.declaredKeys(under: "") == [
                "lower_interval_seconds", "upper_interval_seconds",
            ])
        #expect(UnitalkerClip.Parameters.declaredKeys(under: "").isEmpty)
        let config = try decode(
            """
            postprocess:
              modules:
                b: {type: CustomBlink, animations_directory: x, upper_interval_frames: 120}
                r: {type: UnitalkerRandomBlink, upper_interval_seconds: 5}
              profiles: [{name: p, modules: [b, r]}]
            """)
        let blink = try #require(config.modules["b"]?.parameters as? CustomBlink.Parameters)
        var expectedBlink = CustomBlink.Parameters()
        expectedBlink.animationsDirectory = "x"
        expectedBlink.upperIntervalFrames = 120
        #expect(blink == expectedBlink)
        #expect(blink.lowerIntervalFrames == 30 && blink.defaultAnimation == "default" && blink.blend == .replace)
        let random = try #require(config.modules["r"]?.parameters as? UnitalkerRandomBlink.Parameters)
        #expect(random.lowerIntervalSeconds == UnitalkerRandomBlink.Parameters().lowerIntervalSeconds)
        #expect(random.upperIntervalSeconds == 5)
    }

    @Test("a parameter of the wrong type names its dotted key")
    func wrongParameterType() throws {
        let error = try configError {
            _ = try decode("postprocess:\n  modules:\n    s: {type: BlendshapeScale, scales: {A: big}}\n")
        }
        #expect(
            error
                == .invalidValue(key: "postprocess.modules.s.scales.A", message: "expected a finite number, got 'big'"))
        let listError = try configError {
            _ = try decode("postprocess:\n  modules:\n    j: {type: LinearExpBlend, names: JawOpen}\n")
        }
        #expect(
            listError == .invalidValue(key: "postprocess.modules.j.names", message: "expected a list, got 'JawOpen'"))
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

    @Test("a misspelt parameter stops decoding, naming it and the type's keys")
    func unknownParameter() throws {
        let error = try configError {
            _ = try decode("postprocess:\n  modules:\n    s: {type: BlendshapeScale, sclaes: {A: 1}}\n")
        }
        #expect(error == .unknownKey(key: "postprocess.modules.s.sclaes", known: ["type", "scales"]))
        let sectionError = try configError { _ = try decode("postprocess:\n  profile: []\n") }
        guard case .unknownKey(let key, let known) = sectionError else {
            Issue.record("unexpected \(sectionError)")
            return
        }
        #expect(key == "postprocess.profile" && known.contains("profiles"))
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
                    key: "postprocess.modules.b.blend", message: "'soft' is not allowed; use one of: replace, max"))
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
            ("modules: {r: {type: Retarget}}", "postprocess.modules.r.mapping"),
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
        let error = try configError { _ = try decode(yaml) }
        guard case .invalidValue(let actualKey, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(actualKey == key)
    }
}
