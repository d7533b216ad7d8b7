import Audio2Face
import Testing

@Suite struct BlendshapeScaleTests {
    let module = BlendshapeScale(name: "scale", factors: ["あ": 0.2, "ワ": 0.33, "Missing": 4])

    @Test("multiplies each listed channel by its factor and nothing else")
    func scales() throws {
        let input = PostprocessFixtures.clip(["あ", "い", "ワ"], [[1, 1, 1], [0.5, 0.5, 0.5], [0, 0, 0]])
        var context = PostprocessFixtures.context()
        let output = try module.process(input, context: &context)
        #expect(output.column(0) == [0.2, 0.5 * 0.2, 0])
        #expect(output.column(1) == [1, 0.5, 0])
        #expect(output.column(2) == [0.33, 0.5 * 0.33, 0])
    }

    @Test("skips channels the clip lacks and leaves the input unchanged")
    func skipsMissingAndKeepsInput() throws {
        let input = PostprocessFixtures.clip(["い"], [[0.7]])
        let copy = input
        var context = PostprocessFixtures.context()
        #expect(try module.process(input, context: &context) == copy)
        #expect(input == copy)
    }
}
