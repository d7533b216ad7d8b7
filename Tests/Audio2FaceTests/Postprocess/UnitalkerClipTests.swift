import Audio2Face
import Testing

@Suite struct UnitalkerClipTests {
    let module = UnitalkerClip(name: "clip")

    @Test("clips eye channels 2…13 to [0, 1] × 0.8, blinks and MouthShrugUpper to [0, 0.01], nothing else")
    func clipsByColumn() throws {
        let input = PostprocessFixtures.clip(
            BlendshapeNames.arkit51,
            [[Float](repeating: 2, count: 51), [Float](repeating: -1, count: 51), [Float](repeating: 0.5, count: 51)])
        var context = PostprocessFixtures.context()
        let output = try module.process(input, context: &context)

        #expect(output.channelNames == BlendshapeNames.arkit51)
        for column in 0..<51 {
            let expected: [Float] =
                switch column {
                case 0, 1, 45: [0.01, 0, 0.01]
                case 2...13: [0.8, 0, 0.4]
                default: [2, -1, 0.5]
                }
            #expect(output.column(column) == expected, "column \(column) (\(BlendshapeNames.arkit51[column]))")
        }
        #expect(BlendshapeNames.arkit51[45] == "MouthShrugUpper")
        #expect(BlendshapeNames.arkit51[2] == "EyeSquintLeft" && BlendshapeNames.arkit51[13] == "EyeLookUpRight")
    }

    @Test("leaves its input clip unchanged and keeps startFrame")
    func inputUnchanged() throws {
        let random = PostprocessFixtures.arkitClip(frameCount: 4)
        let input = FaceClip(channelNames: random.channelNames, values: random.values.map { $0 * 3 }, startFrame: 12)
        let copy = input
        var context = PostprocessFixtures.context()
        let output = try module.process(input, context: &context)
        #expect(input == copy)
        #expect(output != input)
        #expect(output.startFrame == 12)
    }

    @Test("rejects clips that are not 51 channels wide", arguments: [50, 52])
    func rejectsOtherWidths(width: Int) {
        let names = (0..<width).map { "c\($0)" }
        var context = PostprocessFixtures.context()
        let expected = PostprocessError.channelCountMismatch(
            module: "clip", type: "UnitalkerClip", expected: 51, got: width)
        #expect(throws: expected) { try module.outputNames(forInput: names) }
        #expect(throws: expected) {
            try module.process(FaceClip(zeroFrames: 2, channelNames: names), context: &context)
        }
    }
}
