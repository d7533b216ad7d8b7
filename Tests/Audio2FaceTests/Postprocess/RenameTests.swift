import Audio2Face
import Testing

@Suite struct RenameTests {
    @Test("outputs exactly the targets in mapping order, copying sources and zero-filling null or missing ones")
    func orderAndZeroFilling() throws {
        let module = try Rename(
            name: "rename",
            mapping: [("お", "JawOpen"), ("まばたき", nil), ("う", "MouthFunnel"), ("あ", "JawOpen"), ("ん", "Nowhere")])
        let input = PostprocessFixtures.clip(
            ["MouthFunnel", "EyeBlinkLeft", "JawOpen"], [[0.1, 0.9, 0.5], [0.2, 0.8, 0.6]], startFrame: 40)
        var context = PostprocessFixtures.context()
        let output = try module.process(input, context: &context)
        #expect(output.channelNames == ["お", "まばたき", "う", "あ", "ん"])
        #expect(output.values == [0.5, 0, 0.1, 0.5, 0, 0.6, 0, 0.2, 0.6, 0])
        #expect(output.startFrame == 40)
        #expect(try module.outputNames(forInput: ["anything"]) == ["お", "まばたき", "う", "あ", "ん"])
    }

    @Test("leaves its input unchanged")
    func inputUnchanged() throws {
        let module = try Rename(name: "rename", mapping: [("a", "A")])
        let input = PostprocessFixtures.clip(["A", "B"], [[0.1, 0.2]])
        let copy = input
        var context = PostprocessFixtures.context()
        _ = try module.process(input, context: &context)
        #expect(input == copy)
    }

    @Test("a clip with no frames gives no frames with the target names")
    func emptyClip() throws {
        let module = try Rename(name: "rename", mapping: [("a", "A"), ("b", nil)])
        var context = PostprocessFixtures.context()
        let output = try module.process(FaceClip(zeroFrames: 0, channelNames: ["A"], startFrame: 9), context: &context)
        #expect(output == FaceClip(zeroFrames: 0, channelNames: ["a", "b"], startFrame: 9))
    }

    @Test("an empty mapping or a target listed twice is a config error")
    func rejectsBadMappings() {
        #expect(throws: ConfigError.self) { try Rename(name: "rename", mapping: []) }
        #expect(throws: ConfigError.self) { try Rename(name: "rename", mapping: [("a", "A"), ("a", "B")]) }
    }
}
