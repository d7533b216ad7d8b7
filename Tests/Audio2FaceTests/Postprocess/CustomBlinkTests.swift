import Audio2Face
import Testing

@Suite struct CustomBlinkTests {
    /// Every animation starts with a weight of its own, so a blink's start frame and animation show.
    static let animations: [String: BlinkAnimation] = [
        "default": BlinkAnimation(channelNames: ["Lid", "Brow"], frames: [[0.25, 0.05], [1, 0.1], [0.5, 0.05]]),
        "happiness": BlinkAnimation(channelNames: ["Lid"], frames: [[0.125], [0.75], [0.375], [0.0625]]),
        "sadness_4": BlinkAnimation(channelNames: ["Lid"], frames: [[0.375], [0.875]]),
    ]
    static let names = ["Lid", "Brow", "Other"]

    func module(intervals: ClosedRange<Int> = 5...9, blend: CustomBlink.Blend = .replace) throws -> CustomBlink {
        try CustomBlink(
            name: "blink", animations: Self.animations, defaultAnimation: "default", intervalFrames: intervals,
            blend: blend)
    }

    /// (stream frame, first weight) of every blink start in `clip`'s Lid column.
    func starts(_ clip: FaceClip) -> [(frame: Int, weight: Float)] {
        let firstWeights: Set<Float> = [0.25, 0.125, 0.375]
        return clip.column(0).enumerated().filter { firstWeights.contains($0.element) }
            .map { (clip.startFrame + $0.offset, $0.element) }
    }

    @Test("with a fixed seed, blinks start every lower…upper frames and never at stream frame 0")
    func intervalsWithinBounds() throws {
        let module = try module(intervals: 5...9)
        var context = PostprocessFixtures.context(seed: 5)
        let output = try module.process(FaceClip(zeroFrames: 600, channelNames: Self.names), context: &context)
        let startFrames = starts(output).map(\.frame)
        #expect(startFrames.count >= 600 / 9)
        #expect((5...9).contains(startFrames[0]))
        for (previous, next) in zip(startFrames, startFrames.dropFirst()) {
            #expect((5...9).contains(next - previous))
        }
        let first = startFrames[0]
        #expect(output.column(0)[first..<(first + 3)] == [0.25, 1, 0.5])
        #expect(output.column(1)[first..<(first + 3)] == [0.05, 0.1, 0.05])
        #expect(output.column(2).allSatisfy { $0 == 0 })
        #expect(output.column(0)[0..<first].allSatisfy { $0 == 0 })
    }

    @Test("the same seed gives the same blinks, another seed other blinks")
    func seeded() throws {
        let module = try module()
        let input = FaceClip(zeroFrames: 300, channelNames: Self.names)
        var first = PostprocessFixtures.context(seed: 1)
        var again = PostprocessFixtures.context(seed: 1)
        var other = PostprocessFixtures.context(seed: 2)
        let output = try module.process(input, context: &first)
        #expect(try module.process(input, context: &again) == output)
        #expect(try module.process(input, context: &other) != output)
    }

    @Test(
        "a stream cut into 7 segments blinks on the same frames as one segment, blinks spilling over cuts",
        arguments: [[1, 6, 7, 50, 3, 100], [2, 2, 2, 2, 2, 2], [9, 8, 7, 6, 5, 4], [299, 0, 0, 0, 1, 0]])
    func sevenSegmentsEqualOne(lengths: [Int]) throws {
        let module = try module(intervals: 3...6)
        let input = FaceClip(zeroFrames: 300, channelNames: Self.names)
        var whole = PostprocessFixtures.context(seed: 99)
        let expected = try module.process(input, context: &whole)
        var pieces = PostprocessFixtures.context(seed: 99)
        let joined = try PostprocessFixtures.processInPieces(input, lengths: lengths, context: &pieces) {
            try module.process($0, context: &$1)
        }
        #expect(joined == expected)
    }

    @Test("a blink that starts on the last frame of a segment finishes in the next")
    func blinkContinuesAcrossSegments() throws {
        let module = try module(intervals: 20...30)
        let input = FaceClip(zeroFrames: 60, channelNames: Self.names)
        var probe = PostprocessFixtures.context(seed: 4)
        let first = try #require(starts(try module.process(input, context: &probe)).first?.frame)
        var context = PostprocessFixtures.context(seed: 4)
        let head = try module.process(input.slice(rows: 0..<(first + 1)), context: &context)
        let tail = try module.process(input.slice(rows: (first + 1)..<60), context: &context)
        #expect(head.column(0).last == 0.25)
        #expect(Array(tail.column(0).prefix(2)) == [1, 0.5])
    }

    @Test("two streams (two contexts) keep independent blink state")
    func independentStreams() throws {
        let module = try module()
        let input = FaceClip(zeroFrames: 200, channelNames: Self.names)
        var soloA = PostprocessFixtures.context(seed: 10)
        var soloB = PostprocessFixtures.context(seed: 20)
        let expectedA = try module.process(input, context: &soloA)
        let expectedB = try module.process(input, context: &soloB)

        var streamA = PostprocessFixtures.context(seed: 10)
        var streamB = PostprocessFixtures.context(seed: 20)
        var outputA = try module.process(input.slice(rows: 0..<70), context: &streamA)
        var outputB = try module.process(input.slice(rows: 0..<33), context: &streamB)
        try outputB.append(module.process(input.slice(rows: 33..<150), context: &streamB))
        try outputA.append(module.process(input.slice(rows: 70..<200), context: &streamA))
        try outputB.append(module.process(input.slice(rows: 150..<200), context: &streamB))
        #expect(outputA == expectedA)
        #expect(outputB == expectedB)
    }

    @Test(
        "the offset name picks the animation: exact name, else its emotion, else the default",
        arguments: [
            (nil, "default"), ("", "default"), ("happiness_3", "happiness"), ("happiness", "happiness"),
            ("sadness_4", "sadness_4"), ("sadness_2", "default"), ("anger_1", "default"), ("happiness_x", "default"),
        ] as [(String?, String)])
    func animationChoice(offsetName: String?, animation: String) throws {
        #expect(try module().animationName(forOffsetName: offsetName) == animation)
    }

    @Test("blinks starting after an offset name change use the new animation; the blink under way keeps its own")
    func followsOffsetNameChanges() throws {
        let module = try module(intervals: 3...3)
        let names = Self.names
        var context = PostprocessFixtures.context(seed: 8)
        let first = try module.process(FaceClip(zeroFrames: 4, channelNames: names), context: &context)
        context.offsetName = "happiness_2"
        let second = try module.process(FaceClip(zeroFrames: 8, channelNames: names, startFrame: 4), context: &context)
        // Blinks start at 3, 6, 9, 12…: the one at 3 (default) spills into the second clip.
        #expect(first.column(0) == [0, 0, 0, 0.25])
        #expect(second.column(0) == [1, 0.5, 0.125, 0.75, 0.375, 0.125, 0.75, 0.375])
        #expect(second.column(1) == [0.1, 0.05, 0, 0, 0, 0, 0, 0])
    }

    @Test("replace overwrites the clip's weights; max keeps the larger one")
    func blendModes() throws {
        let input = PostprocessFixtures.clip(Self.names, Array(repeating: [0.5, 0.5, 0.5], count: 8))
        var replaceContext = PostprocessFixtures.context(seed: 8)
        var maxContext = PostprocessFixtures.context(seed: 8)
        let replaced = try module(intervals: 3...3, blend: .replace).process(input, context: &replaceContext)
        let kept = try module(intervals: 3...3, blend: .max).process(input, context: &maxContext)
        #expect(replaced.column(0) == [0.5, 0.5, 0.5, 0.25, 1, 0.5, 0.25, 1])
        #expect(kept.column(0) == [0.5, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 1])
        #expect(replaced.column(2) == Array(repeating: 0.5, count: 8))
    }

    @Test("animation channels the clip lacks are skipped, and the input is left unchanged")
    func missingChannelsAndInput() throws {
        let module = try module(intervals: 3...3)
        let input = PostprocessFixtures.clip(["Other", "Lid"], Array(repeating: [0.5, 0], count: 6))
        let copy = input
        var context = PostprocessFixtures.context()
        let output = try module.process(input, context: &context)
        #expect(input == copy)
        #expect(output.column(0) == Array(repeating: 0.5, count: 6))
        #expect(output.column(1) == [0, 0, 0, 0.25, 1, 0.5])
    }

    @Test("a missing default animation or an interval below 1 frame is a config error")
    func rejectsBadSetup() {
        #expect(throws: ConfigError.self) {
            try CustomBlink(name: "b", animations: Self.animations, defaultAnimation: "neutral", intervalFrames: 3...9)
        }
        #expect(throws: ConfigError.self) {
            try CustomBlink(name: "b", animations: Self.animations, defaultAnimation: "default", intervalFrames: 0...9)
        }
    }
}
