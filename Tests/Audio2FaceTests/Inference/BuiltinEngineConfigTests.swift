import Foundation
import Testing

@testable import Audio2Face

@Suite("BuiltinEngineConfig")
struct BuiltinEngineConfigTests {
    static func decode(_ json: String) throws -> BuiltinEngineConfig {
        try JSONDecoder().decode(BuiltinEngineConfig.self, from: Data(json.utf8))
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
        try config.validate(keyPrefix: "engine.builtin")
    }

    @Test("snake_case keys decode and round-trip through encoding")
    func snakeCaseKeys() throws {
        let config = try Self.decode("""
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
        let encoded = try JSONEncoder().encode(config)
        #expect(try JSONDecoder().decode(BuiltinEngineConfig.self, from: encoded) == config)
        let keys = try #require(JSONSerialization.jsonObject(with: encoded) as? [String: Any]).keys
        #expect(Set(keys) == Set(BuiltinEngineConfig.CodingKeys.allCases.map(\.stringValue)))
    }

    @Test("an unknown key is rejected, naming it")
    func unknownKey() {
        #expect(throws: UnknownConfigKey.self) { try Self.decode(#"{"gian": 2}"#) }
        do {
            _ = try Self.decode(#"{"attack": 2}"#)
        } catch let error as UnknownConfigKey {
            #expect(error.key == "attack")
            #expect(error.known.contains("attack_ms"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("out-of-range values fail validation with the dotted key", arguments: [
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
        let config = try Self.decode(json)
        #expect(throws: ConfigError.self) { try config.validate(keyPrefix: "engine.builtin") }
        do {
            try config.validate(keyPrefix: "engine.builtin")
        } catch {
            guard case .invalidValue(let failing, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(failing == "engine.builtin.\(key)")
        }
    }
}
