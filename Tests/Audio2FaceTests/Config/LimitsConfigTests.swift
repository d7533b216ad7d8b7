import Audio2Face
import Testing

/// The `limits` section's input pacing keys: read from YAML, defaults kept, bad values named.
@Suite struct LimitsConfigTests {
    @Test("max_input_speedup and input_burst_seconds are read; left out, they keep their defaults")
    func pacingKeys() throws {
        let config = try ServiceConfig.parse(yaml: "limits:\n  max_input_speedup: 2.5\n  input_burst_seconds: 0\n")
        #expect(config.limits.maxInputSpeedup == 2.5)
        #expect(config.limits.inputBurstSeconds == 0)
        #expect(try ServiceConfig.parse(yaml: "limits: {}\n").limits == LimitsConfig())
    }

    @Test("a speed-up below real time is refused, naming the key and the range")
    func speedupBelowRealTime() {
        #expect(
            throws: ConfigError.invalidValue(
                key: "limits.max_input_speedup", message: "0.5 is outside the allowed range 1.0...1000.0")
        ) {
            try ServiceConfig.parse(yaml: "limits:\n  max_input_speedup: 0.5\n")
        }
    }
}
