import Foundation
import Testing

@testable import Audio2Face

@Suite("BuiltinEngineConfig")
struct BuiltinEngineConfigTests {
    /// Reads and validates a YAML (or JSON) `engine.builtin` section.
    static func decode(_ yaml: String) throws -> BuiltinEngineConfig {
        try BuiltinEngineConfig.decodeDocument(yaml: yaml, key: "engine.builtin")
    }

    @Test("an empty section gives the documented defaults, which validate")
    func defaults() throws {
        let config = try Self.decode("{}")
        #expect(config == BuiltinEngineConfig())
        #expect(config.gain == 1)
        #expect(config.attackMilliseconds == 10)
        #expect(config.releaseMilliseconds == 30)
        #expect(config.closureReleaseMilliseconds == 8)
        #expect(config.sensitivity == 2)
        #expect(config.noiseFloorDecibels == -60)
        #expect(config.noiseMarginDecibels == 12)
        #expect(config.levelDecayDecibelsPerSecond == 2)
        #expect(config.browGain == 1)
        try config.validate(at: "engine.builtin")
    }

    @Test("every declared snake_case key is read into its property")
    func snakeCaseKeys() throws {
        let config = try Self.decode(
            """
            {"gain": 1.5, "attack_ms": 5, "release_ms": 60, "closure_release_ms": 12, "sensitivity": 3,
             "noise_floor_db": -50, "noise_margin_db": 6, "level_decay_db_per_s": 4, "brow_gain": 0}
            """)
        #expect(config.gain == 1.5)
        #expect(config.attackMilliseconds == 5)
        #expect(config.releaseMilliseconds == 60)
        #expect(config.closureReleaseMilliseconds == 12)
        #expect(config.sensitivity == 3)
        #expect(config.noiseFloorDecibels == -50)
        #expect(config.noiseMarginDecibels == 6)
        #expect(config.levelDecayDecibelsPerSecond == 4)
        #expect(config.browGain == 0)
        #expect(
            BuiltinEngineConfig.declaredKeys(under: "engine.builtin").map {
                $0.replacingOccurrences(of: "engine.builtin.", with: "")
            }
                == [
                    "gain", "attack_ms", "release_ms", "closure_release_ms", "sensitivity", "noise_floor_db",
                    "noise_margin_db", "level_decay_db_per_s", "brow_gain",
                ])
    }

    @Test("an unknown key is rejected, naming it with its section and the known keys")
    func unknownKey() {
        #expect(
            throws: ConfigError.unknownKey(
                key: "engine.builtin.gian", known: BuiltinEngineConfig.declaredKeys(under: ""))
        ) { try Self.decode(#"{"gian": 2}"#) }
        #expect {
            try Self.decode(#"{"attack": 2}"#)
        } throws: { error in
            guard case ConfigError.unknownKey(let key, let known) = error else { return false }
            return key == "engine.builtin.attack" && known.contains("attack_ms")
        }
    }

    @Test("a value of the wrong type names the key and what was expected")
    func wrongType() {
        #expect(
            throws: ConfigError.invalidValue(
                key: "engine.builtin.gain", message: "expected a finite number, got 'loud'")
        ) {
            try Self.decode("gain: loud\n")
        }
        #expect(
            throws: ConfigError.invalidValue(
                key: "engine.builtin.attack_ms", message: "expected a finite number, got a list")
        ) {
            try Self.decode("attack_ms: [1, 2]\n")
        }
    }

    @Test(
        "out-of-range values are refused with the dotted key",
        arguments: [
            ("gain", #"{"gain": -1}"#),
            ("attack_ms", #"{"attack_ms": 0}"#),
            ("release_ms", #"{"release_ms": 5000}"#),
            ("closure_release_ms", #"{"closure_release_ms": 0.5}"#),
            ("sensitivity", #"{"sensitivity": 0}"#),
            ("noise_floor_db", #"{"noise_floor_db": 0}"#),
            ("noise_margin_db", #"{"noise_margin_db": -3}"#),
            ("level_decay_db_per_s", #"{"level_decay_db_per_s": 100}"#),
            ("brow_gain", #"{"brow_gain": 5}"#),
        ])
    func validation(key: String, json: String) throws {
        #expect {
            try Self.decode(json)
        } throws: { error in
            guard case ConfigError.invalidValue(let failing, let message) = error else { return false }
            return failing == "engine.builtin.\(key)" && message.contains("outside the allowed range")
        }
    }
}
