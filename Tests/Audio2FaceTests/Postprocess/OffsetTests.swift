import Audio2Face
import Testing

@Suite struct OffsetTests {
    let module = Offset(
        name: "emotion",
        presets: [
            "happiness_2": ["MouthSmileLeft": 0.25, "CheekSquintLeft": 0.5, "Missing": 0.9],
            "sadness_1": ["BrowInnerUp": 0.125, "MouthSmileLeft": -0.25],
        ])
    let names = ["MouthSmileLeft", "CheekSquintLeft", "BrowInnerUp"]

    @Test("adds the chosen preset's offsets, skipping channels the clip lacks")
    func addsPreset() throws {
        let input = PostprocessFixtures.clip(names, [[0, 0, 0], [0.5, 0.25, 1]])
        var context = PostprocessFixtures.context(offsetName: "happiness_2")
        let output = try module.process(input, context: &context)
        #expect(output == PostprocessFixtures.clip(names, [[0.25, 0.5, 0], [0.75, 0.75, 1]]))
    }

    @Test("no offset name, an empty one or an unknown one leaves the clip as it is", arguments: [nil, "", "anger_9"])
    func noPreset(offsetName: String?) throws {
        let input = PostprocessFixtures.clip(names, [[0.1, 0.2, 0.3]])
        var context = PostprocessFixtures.context(offsetName: offsetName)
        #expect(try module.process(input, context: &context) == input)
    }

    @Test("a changed offset name applies from the next clip on")
    func followsOffsetNameChanges() throws {
        let first = PostprocessFixtures.clip(names, [[0.5, 0, 0]], startFrame: 0)
        let second = PostprocessFixtures.clip(names, [[0.5, 0, 0]], startFrame: 1)
        var context = PostprocessFixtures.context(offsetName: "happiness_2")
        let firstOutput = try module.process(first, context: &context)
        context.offsetName = "sadness_1"
        let secondOutput = try module.process(second, context: &context)
        context.offsetName = nil
        let thirdOutput = try module.process(second, context: &context)
        #expect(firstOutput.values == [0.75, 0.5, 0])
        #expect(secondOutput.values == [0.25, 0, 0.125])
        #expect(thirdOutput.values == [0.5, 0, 0])
    }

    @Test("leaves its input unchanged and lists its presets")
    func inputUnchanged() throws {
        let input = PostprocessFixtures.clip(names, [[0.1, 0.2, 0.3]])
        let copy = input
        var context = PostprocessFixtures.context(offsetName: "sadness_1")
        _ = try module.process(input, context: &context)
        #expect(input == copy)
        #expect(module.presetNames == ["happiness_2", "sadness_1"])
    }
}
