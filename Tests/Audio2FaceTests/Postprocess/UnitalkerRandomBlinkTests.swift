import Audio2Face
import Testing

@Suite struct UnitalkerRandomBlinkTests {
    let module = UnitalkerRandomBlink(name: "random_blink")

    /// Stream frames where EyeBlinkLeft peaks (1.0) in `clip`.
    func peaks(_ clip: FaceClip) -> [Int] {
        clip.column(0).enumerated().filter { $0.element == 1 }.map { clip.startFrame + $0.offset }
    }

    @Test("intervals are 3–4 s in frames at the stream's frame rate")
    func intervalFrames() {
        #expect(module.intervalFrames(framesPerSecond: 30) == 90...120)
        #expect(module.intervalFrames(framesPerSecond: 25) == 75...100)
    }

    @Test("blinks 0.4 0.6 1 0.6 0.4 on both eyes every 90…120 frames, never at frame 0, nothing else touched")
    func blinkShapeAndIntervals() throws {
        let input = FaceClip(zeroFrames: 3000, channelNames: BlendshapeNames.arkit51)
        var context = PostprocessFixtures.context(seed: 3)
        let output = try module.process(input, context: &context)
        let peakFrames = peaks(output)

        #expect(peakFrames.count >= 24)
        #expect(peakFrames[0] - 2 >= 90)
        for (previous, next) in zip(peakFrames, peakFrames.dropFirst()) {
            #expect((90...120).contains(next - previous))
        }
        for peak in peakFrames {
            let window = (peak - 2)...(peak + 2)
            #expect(window.map { output[$0, 0] } == [0.4, 0.6, 1.0, 0.6, 0.4])
            #expect(window.map { output[$0, 1] } == [0.4, 0.6, 1.0, 0.6, 0.4])
        }
        let blinkFrames = Set(peakFrames.flatMap { ($0 - 2)...($0 + 2) })
        #expect(output.column(0).enumerated().allSatisfy { blinkFrames.contains($0.offset) == ($0.element > 0) })
        for column in 2..<51 {
            #expect(output.column(column).allSatisfy { $0 == 0 })
        }
    }

    @Test("a stream cut into 7 clips blinks exactly as in one clip")
    func segmentationInvariant() throws {
        let input = PostprocessFixtures.arkitClip(frameCount: 1500)
        var whole = PostprocessFixtures.context(seed: 11)
        let expected = try module.process(input, context: &whole)
        var pieces = PostprocessFixtures.context(seed: 11)
        let joined = try PostprocessFixtures.processInPieces(
            input, lengths: [1, 93, 200, 2, 400, 311], context: &pieces
        ) { try module.process($0, context: &$1) }
        #expect(joined == expected)
        #expect(!peaks(expected).isEmpty)
    }

    @Test("rejects clips that are not 51 channels wide")
    func rejectsOtherWidths() {
        var context = PostprocessFixtures.context()
        #expect(throws: PostprocessError.self) {
            try module.process(FaceClip(zeroFrames: 3, channelNames: ["a", "b"]), context: &context)
        }
    }
}
