import Audio2Face
import NvidiaA2FProtocol
import Testing

@testable import Audio2FaceServer

private typealias Fixture = NvidiaParametersFixture

/// ``NvidiaFaceControls`` with emotions: the name table, intensity levels, strength, max_emotions, the
/// beginning emotion, keyframes blended over the transition time, and errors. The fixture's presets move
/// one channel by 0.1 × level, so an applied weight w shows as an offset of 0.4 × w.
@Suite struct NvidiaParametersEmotionTests {
    private static func weight(_ applied: [NvidiaEmotionWithTimeCode], frame: Int, _ name: String) -> Float {
        applied[frame].emotion[name] ?? -1
    }

    private static func near(_ value: Float, _ expected: Float) -> Bool {
        abs(value - expected) < 1e-5
    }

    @Test(
        "each NVIDIA emotion shows through its preset family's channel",
        arguments: [
            ("amazement", "JawOpen"), ("anger", "BrowDownLeft"), ("cheekiness", "MouthSmileLeft"),
            ("disgust", "NoseSneerLeft"), ("fear", "EyeWideLeft"), ("grief", "MouthFrownLeft"),
            ("joy", "MouthSmileLeft"), ("pain", "NoseSneerLeft"), ("sadness", "MouthFrownLeft"),
        ])
    func nameTable(emotion: String, channel: String) throws {
        var controls = try Fixture.controls {
            $0.emotionParams.beginningEmotion = [emotion: 1]
            $0.emotionPostProcessingParams.emotionStrength = 1
        }
        let out = controls.adjust(Fixture.clip(frames: 1), firstFrame: 0).clip
        #expect(Self.near(out[0, Fixture.column(channel)], 0.4))
        #expect(out.values.filter { $0 != 0 }.count == 1)
    }

    @Test("outofbreath has no preset: listed once as unsupported, applied as a weight, no offset")
    func outOfBreath() throws {
        var controls = try Fixture.controls {
            $0.emotionParams.beginningEmotion = ["outofbreath": 0.5]
            $0.emotionPostProcessingParams.emotionStrength = 1
        }
        #expect(
            controls.unsupportedKeys == [
                "emotion_params.beginning_emotion[\"outofbreath\"] (no matching expression preset)"
            ])
        let result = controls.adjust(Fixture.clip(frames: 1, base: 0.2), firstFrame: 0)
        #expect(result.clip == Fixture.clip(frames: 1, base: 0.2))
        #expect(Self.weight(result.applied, frame: 0, "outofbreath") == 0.5)

        var fresh = try Fixture.controls()
        #expect(try fresh.addKeyframes([Fixture.keyframe(at: 0, ["outofbreath": 0, "joy": 1])]).isEmpty)
        let reported = try fresh.addKeyframes([Fixture.keyframe(at: 1, ["outofbreath": 0.3])])
        #expect(reported == ["audio_with_emotion.emotions[\"outofbreath\"] (no matching expression preset)"])
        #expect(try fresh.addKeyframes([Fixture.keyframe(at: 2, ["outofbreath": 0.4])]).isEmpty)
        #expect(fresh.unsupportedKeys == reported)
    }

    @Test("a weight picks the intensity level: k / 4 is level k, between levels and below level 1 linear")
    func intensityLevels() throws {
        for (weight, expected) in [(Float(0.1), Float(0.04)), (0.25, 0.1), (0.5, 0.2), (0.6, 0.24), (1, 0.4)] {
            var controls = try Fixture.controls {
                $0.emotionParams.beginningEmotion = ["joy": weight]
                $0.emotionPostProcessingParams.emotionStrength = 1
            }
            let out = controls.adjust(Fixture.clip(frames: 1), firstFrame: 0).clip
            #expect(Self.near(out[0, Fixture.column("MouthSmileLeft")], expected), "weight \(weight)")
        }
    }

    @Test("emotion_strength scales every weight, 0.6 by default")
    func strength() throws {
        var byDefault = try Fixture.controls { $0.emotionParams.beginningEmotion = ["joy": 1, "fear": 0.5] }
        let defaultResult = byDefault.adjust(Fixture.clip(frames: 1), firstFrame: 0)
        #expect(Self.near(Self.weight(defaultResult.applied, frame: 0, "joy"), 0.6))
        #expect(Self.near(Self.weight(defaultResult.applied, frame: 0, "fear"), 0.3))
        #expect(Self.near(defaultResult.clip[0, Fixture.column("MouthSmileLeft")], 0.24))

        var half = try Fixture.controls {
            $0.emotionParams.beginningEmotion = ["joy": 1]
            $0.emotionPostProcessingParams.emotionStrength = 0.5
        }
        #expect(
            Self.near(
                half.adjust(Fixture.clip(frames: 1), firstFrame: 0).clip[0, Fixture.column("MouthSmileLeft")], 0.2))
    }

    @Test("max_emotions keeps the strongest emotions, 3 by default")
    func maxEmotions() throws {
        let emotions: [String: Float] = ["joy": 0.9, "fear": 0.7, "anger": 0.5, "sadness": 0.2]
        var two = try Fixture.controls {
            $0.emotionParams.beginningEmotion = emotions
            $0.emotionPostProcessingParams.emotionStrength = 1
            $0.emotionPostProcessingParams.maxEmotions = 2
        }
        let result = two.adjust(Fixture.clip(frames: 1), firstFrame: 0)
        #expect(result.applied[0].emotion.filter { $0.value > 0 } == ["joy": 0.9, "fear": 0.7])
        #expect(result.applied[0].emotion.count == 10)
        #expect(result.clip[0, Fixture.column("BrowDownLeft")] == 0)
        #expect(Self.near(result.clip[0, Fixture.column("EyeWideLeft")], 0.28))

        var three = try Fixture.controls {
            $0.emotionParams.beginningEmotion = emotions
            $0.emotionPostProcessingParams.emotionStrength = 1
        }
        let kept = three.adjust(Fixture.clip(frames: 1), firstFrame: 0).applied[0].emotion.filter { $0.value > 0 }
        #expect(kept == ["joy": 0.9, "fear": 0.7, "anger": 0.5])
    }

    @Test("a keyframe blends in linearly over live_transition_time from its time code, frame by frame")
    func keyframeTransition() throws {
        var controls = try Fixture.controls(frameRate: 10) {
            $0.emotionParams.liveTransitionTime = 0.5
            $0.emotionPostProcessingParams.emotionStrength = 1
        }
        try controls.addKeyframes([Fixture.keyframe(at: 1.0, ["anger": 1])])
        let result = controls.adjust(Fixture.clip(frames: 20), firstFrame: 0)
        let expected: [Float] = Array(repeating: 0, count: 11) + [0.2, 0.4, 0.6, 0.8] + Array(repeating: 1, count: 5)
        for frame in 0..<20 {
            #expect(Self.near(Self.weight(result.applied, frame: frame, "anger"), expected[frame]), "frame \(frame)")
            #expect(
                Self.near(result.clip[frame, Fixture.column("BrowDownLeft")], 0.4 * expected[frame]), "frame \(frame)")
            #expect(result.applied[frame].timeCode == Double(frame) / 10)
        }
    }

    @Test("the beginning emotion shows from frame 0; a new keyframe starts from what shows at its time")
    func interruptedTransition() throws {
        var controls = try Fixture.controls(frameRate: 10) {
            $0.emotionParams.beginningEmotion = ["joy": 1]
            $0.emotionParams.liveTransitionTime = 1
            $0.emotionPostProcessingParams.emotionStrength = 1
        }
        try controls.addKeyframes([
            Fixture.keyframe(at: 1.5, ["joy": 1]), Fixture.keyframe(at: 1.0, ["anger": 1]),
        ])
        let applied = controls.adjust(Fixture.clip(frames: 31), firstFrame: 0).applied
        #expect(Self.weight(applied, frame: 0, "joy") == 1)
        #expect(Self.weight(applied, frame: 10, "joy") == 1)
        #expect(Self.near(Self.weight(applied, frame: 15, "joy"), 0.5))
        #expect(Self.near(Self.weight(applied, frame: 15, "anger"), 0.5))
        #expect(Self.near(Self.weight(applied, frame: 20, "joy"), 0.75))
        #expect(Self.near(Self.weight(applied, frame: 20, "anger"), 0.25))
        #expect(Self.weight(applied, frame: 25, "joy") == 1)
        #expect(Self.weight(applied, frame: 30, "anger") == 0)
    }

    @Test("keyframes that arrive between runs change the frames still to come; transition 0 switches at once")
    func keyframesBetweenRuns() throws {
        var controls = try Fixture.controls(frameRate: 10) {
            $0.emotionParams.liveTransitionTime = 0
            $0.emotionPostProcessingParams.emotionStrength = 1
        }
        let first = controls.adjust(Fixture.clip(frames: 10), firstFrame: 0)
        #expect(first.applied.allSatisfy { $0.emotion.values.allSatisfy { $0 == 0 } })
        try controls.addKeyframes([Fixture.keyframe(at: 0.5, ["joy": 1]), Fixture.keyframe(at: 1.2, ["fear": 1])])
        let second = controls.adjust(Fixture.clip(frames: 5), firstFrame: 10)
        #expect(second.applied.map(\.timeCode) == [1.0, 1.1, 1.2, 1.3, 1.4])
        #expect(second.applied.map { $0.emotion["joy"] } == [1, 1, 0, 0, 0])
        #expect(second.applied.map { $0.emotion["fear"] } == [0, 0, 1, 1, 1])
        #expect(Self.near(second.clip[0, Fixture.column("MouthSmileLeft")], 0.4))
        #expect(Self.near(second.clip[2, Fixture.column("EyeWideLeft")], 0.4))
    }

    @Test("emotion offsets are clamped to [0, 1] before the face parameters")
    func clampBeforeFaceParameters() throws {
        var controls = try Fixture.controls {
            $0.emotionParams.beginningEmotion = ["amazement": 1]
            $0.emotionPostProcessingParams.emotionStrength = 1
            $0.faceParams.floatParams = ["lowerFaceStrength": 0.5]
        }
        let out = controls.adjust(Fixture.clip(frames: 1, base: 0.9), firstFrame: 0).clip
        #expect(out[0, Fixture.column("JawOpen")] == 0.5)
        #expect(Self.near(out[0, Fixture.column("MouthClose")], 0.45))
    }

    @Test("unknown emotion names list NVIDIA's ten names; bad weights, times and settings name the field")
    func errors() throws {
        let names = "amazement, anger, cheekiness, disgust, fear, grief, joy, outofbreath, pain, sadness"
        let unknown = Fixture.violation {
            _ = try Fixture.controls { $0.emotionParams.beginningEmotion = ["happy": 1] }
        }
        #expect(unknown?.contains("emotion_params.beginning_emotion[\"happy\"]") == true)
        #expect(unknown?.contains(names) == true)

        let settings: [(String, (inout NvidiaAudioStreamHeader) -> Void)] = [
            ("emotion_params.live_transition_time", { $0.emotionParams.liveTransitionTime = -1 }),
            (
                "emotion_post_processing_params.emotion_strength",
                { $0.emotionPostProcessingParams.emotionStrength = 1.5 }
            ),
            ("emotion_post_processing_params.max_emotions", { $0.emotionPostProcessingParams.maxEmotions = 7 }),
            ("emotion_post_processing_params.max_emotions", { $0.emotionPostProcessingParams.maxEmotions = 0 }),
            ("emotion_params.beginning_emotion[\"joy\"]", { $0.emotionParams.beginningEmotion = ["joy": -0.1] }),
        ]
        for (field, configure) in settings {
            let message = Fixture.violation { _ = try Fixture.controls(configure) }
            #expect(message?.contains(field) == true, "\(field): \(message ?? "no error")")
        }

        var controls = try Fixture.controls(frameRate: 10) { $0.emotionPostProcessingParams.emotionStrength = 1 }
        let badWeight = Fixture.violation {
            try controls.addKeyframes([Fixture.keyframe(at: 0, ["joy": 1]), Fixture.keyframe(at: 1, ["joy": 1.5])])
        }
        #expect(badWeight?.contains("audio_with_emotion.emotions[1].emotion[\"joy\"]") == true)
        #expect(badWeight?.contains("0...1") == true)
        let badTime = Fixture.violation { try controls.addKeyframes([Fixture.keyframe(at: -0.5, ["joy": 1])]) }
        #expect(badTime?.contains("audio_with_emotion.emotions[0].time_code") == true)
        let badName = Fixture.violation { try controls.addKeyframes([Fixture.keyframe(at: 0, ["Joy": 1])]) }
        #expect(badName?.contains(names) == true)
        // A rejected message adds none of its keyframes.
        #expect(controls.adjust(Fixture.clip(frames: 1), firstFrame: 0).applied[0].emotion["joy"] == 0)
    }
}
