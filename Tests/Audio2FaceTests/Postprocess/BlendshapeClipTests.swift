import Audio2Face
import Testing

@Suite struct BlendshapeClipTests {
    let module = BlendshapeClip(
        name: "bounds", lowerBounds: ["A": 0.2, "C": 0.1, "Missing": 0.5], upperBounds: ["B": 0.6, "C": 0.3])

    @Test("clips each channel to its own bounds, either of which may be absent")
    func clipsToBounds() throws {
        let input = PostprocessFixtures.clip(
            ["A", "B", "C", "D"], [[0.1, 0.9, 0.0, 5], [0.5, 0.5, 0.2, -5], [-1, -1, 0.9, 0.5]])
        var context = PostprocessFixtures.context()
        let output = try module.process(input, context: &context)
        #expect(output.column(0) == [0.2, 0.5, 0.2])
        #expect(output.column(1) == [0.6, 0.5, -1])
        #expect(output.column(2) == [0.1, 0.2, 0.3])
        #expect(output.column(3) == [5, -5, 0.5])
    }

    @Test("skips configured channels the clip lacks and leaves the input unchanged")
    func skipsMissingAndKeepsInput() throws {
        let input = PostprocessFixtures.clip(["X", "A"], [[0.9, 0.0]], startFrame: 5)
        let copy = input
        var context = PostprocessFixtures.context()
        let output = try module.process(input, context: &context)
        #expect(input == copy)
        #expect(output == PostprocessFixtures.clip(["X", "A"], [[0.9, 0.2]], startFrame: 5))
        #expect(try module.outputNames(forInput: ["X", "A"]) == ["X", "A"])
    }
}
