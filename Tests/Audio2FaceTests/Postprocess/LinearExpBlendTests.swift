import Audio2Face
import Testing

@Suite struct LinearExpBlendTests {
    @Test(
        "matches the formula with the jaw setting (offset −0.106, ref 0.75, k 8, w 0.4)",
        arguments: [
            // y = clip(x − 0.106, 0, 1) / 0.75; result = clip(0.6·y + 0.4·(1 − e^(−8y)), 0, 1)
            (Float(0), Float(0)),  // y = 0 → 0
            (0.106, 0),  // y = 0 → 0
            (0.2, 0.328_440_1),  // y = 0.125333, e^(−1.002667) = 0.366897: 0.0752 + 0.253241
            (0.5, 0.709_217_7),  // y = 0.525333, e^(−4.202667) = 0.014956: 0.3152 + 0.394018
            (0.8, 0.954_956_2),  // y = 0.925333, e^(−7.402667) = 0.000610: 0.5552 + 0.399756
            (1.0, 1),  // y = 1.192: 0.7152 + 0.399971 = 1.115171 → clipped to 1
            (-0.5, 0),  // x + offset < 0 → y = 0
        ])
    func jawValues(input: Float, expected: Float) throws {
        let module = LinearExpBlend(name: "jaw", channelNames: ["あ"], curve: .jaw)
        var context = PostprocessFixtures.context()
        let output = try module.process(PostprocessFixtures.clip(["あ"], [[input]]), context: &context)
        #expect(abs(output.values[0] - expected) < 1e-6, "f(\(input)) = \(output.values[0]), expected \(expected)")
    }

    @Test("uses the configured constants on every listed channel only")
    func customCurve() throws {
        // offset 0.1, ref 0.5, k 2, w 0.5: x = 0.3 → y = 0.8, 0.4 + 0.5·(1 − e^(−1.6)) = 0.4 + 0.399052
        //                                 x = 0.1 → y = 0.4, 0.2 + 0.5·(1 − e^(−0.8)) = 0.2 + 0.275336
        let curve = LinearExpBlend.Curve(offset: 0.1, normalizeReference: 0.5, exponentialStrength: 2, blendWeight: 0.5)
        let module = LinearExpBlend(name: "blend", channelNames: ["A", "C", "Missing"], curve: curve)
        let input = PostprocessFixtures.clip(["A", "B", "C"], [[0.3, 0.3, 0.1]])
        let copy = input
        var context = PostprocessFixtures.context()
        let output = try module.process(input, context: &context)
        #expect(abs(output.values[0] - 0.799_051_7) < 1e-6)
        #expect(output.values[1] == 0.3)
        #expect(abs(output.values[2] - 0.475_335_5) < 1e-6)
        #expect(input == copy)
    }

    @Test("skips a clip with none of its channels")
    func skipsMissing() throws {
        let module = LinearExpBlend(name: "jaw", channelNames: ["あ"])
        let input = PostprocessFixtures.clip(["い"], [[0.5]])
        var context = PostprocessFixtures.context()
        #expect(try module.process(input, context: &context) == input)
    }
}
