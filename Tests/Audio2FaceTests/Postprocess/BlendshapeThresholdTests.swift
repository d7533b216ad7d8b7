import Audio2Face
import Testing

@Suite struct BlendshapeThresholdTests {
    let module = BlendshapeThreshold(name: "threshold", thresholds: ["JawOpen": 0.25, "Missing": 0.5])

    @Test("zeroes values at or below the threshold (≤), keeps values above it")
    func lessOrEqualRule() throws {
        let input = PostprocessFixtures.clip(
            ["JawOpen", "MouthClose"], [[0.25, 0.1], [0.2500001, 0.1], [0.1, 0.1], [-0.3, 0.1], [0.9, 0.1]])
        var context = PostprocessFixtures.context()
        let output = try module.process(input, context: &context)
        #expect(output.column(0) == [0, 0.2500001, 0, 0, 0.9])
        #expect(output.column(1) == [0.1, 0.1, 0.1, 0.1, 0.1])
    }

    @Test("skips channels the clip lacks and leaves the input unchanged")
    func skipsMissingAndKeepsInput() throws {
        let input = PostprocessFixtures.clip(["JawOpen"], [[0.1]], startFrame: 3)
        let copy = input
        var context = PostprocessFixtures.context()
        let output = try module.process(input, context: &context)
        #expect(input == copy)
        #expect(output == PostprocessFixtures.clip(["JawOpen"], [[0]], startFrame: 3))
    }
}
