import Audio2Face
import Foundation
import NvidiaA2FProtocol
import Testing

@testable import Audio2FaceServer

private typealias Fixture = NvidiaParametersFixture

/// ``NvidiaFaceControls`` with face and blendshape parameters: region split, strengths, smoothing, offsets,
/// multipliers, clamping, errors and unsupported keys.
@Suite struct NvidiaParametersFaceTests {
    private static func value(_ clip: FaceClip, frame: Int = 0, _ name: String) -> Float {
        clip[frame, Fixture.column(name)]
    }

    @Test("the 52 channels split into 11 upper, 30 lower, 2 blink, 8 gaze and 1 tongue")
    func regionSplit() {
        let regions = Fixture.names.map { NvidiaFaceRegion(channel: $0) }
        #expect(regions.allSatisfy { $0 != nil })
        #expect(regions.filter { $0 == .upper }.count == 11)
        #expect(regions.filter { $0 == .lower }.count == 30)
        #expect(regions.filter { $0 == .blink }.count == 2)
        #expect(regions.filter { $0 == .gaze }.count == 8)
        #expect(regions.filter { $0 == .tongue }.count == 1)
        #expect(NvidiaFaceRegion(channel: "CheekSquintLeft") == .upper)
        #expect(NvidiaFaceRegion(channel: "NoseSneerRight") == .lower)
        #expect(NvidiaFaceRegion(channel: "Blush") == nil)
    }

    @Test("a header without parameters leaves frames as they are")
    func neutralHeader() throws {
        var controls = try Fixture.controls()
        let clip = Fixture.clip(frames: 3, base: 0.3, ["JawOpen": 0.7, "EyeBlinkLeft": 0.9])
        let result = controls.adjust(clip, firstFrame: 0)
        #expect(result.clip == clip)
        #expect(controls.unsupportedKeys.isEmpty)
    }

    @Test("lower and upper face strengths scale only their own region")
    func regionStrengths() throws {
        var controls = try Fixture.controls {
            $0.faceParams.floatParams = ["lowerFaceStrength": 1.5, "upperFaceStrength": 0.5]
        }
        let clip = Fixture.clip(frames: 1, base: 0.4)
        let out = controls.adjust(clip, firstFrame: 0).clip
        for name in ["JawOpen", "MouthSmileLeft", "CheekPuff", "NoseSneerLeft"] {
            #expect(abs(Self.value(out, name) - 0.6) < 1e-6, "\(name)")
        }
        for name in ["BrowInnerUp", "EyeSquintRight", "EyeWideLeft", "CheekSquintLeft"] {
            #expect(abs(Self.value(out, name) - 0.2) < 1e-6, "\(name)")
        }
        for name in ["EyeBlinkLeft", "EyeLookUpRight", "TongueOut"] {
            #expect(Self.value(out, name) == 0.4, "\(name)")
        }
    }

    @Test("blinkStrength scales the blink channels, eyelidOpenOffset opens the eyes, lipOpenOffset parts the lips")
    func blinkAndOffsets() throws {
        var controls = try Fixture.controls {
            $0.faceParams.floatParams = ["blinkStrength": 0.5, "eyelidOpenOffset": 0.1, "lipOpenOffset": 0.15]
        }
        let clip = Fixture.clip(frames: 1, base: 0.2, ["EyeBlinkLeft": 0.8, "EyeBlinkRight": 0.6])
        let out = controls.adjust(clip, firstFrame: 0).clip
        #expect(abs(Self.value(out, "EyeBlinkLeft") - (0.8 * 0.5 - 0.1)) < 1e-6)
        #expect(abs(Self.value(out, "EyeBlinkRight") - (0.6 * 0.5 - 0.1)) < 1e-6)
        for name in ["MouthUpperUpLeft", "MouthUpperUpRight", "MouthLowerDownLeft", "MouthLowerDownRight"] {
            #expect(abs(Self.value(out, name) - 0.35) < 1e-6, "\(name)")
        }
        for name in ["JawOpen", "MouthClose", "EyeSquintLeft", "BrowInnerUp"] {
            #expect(Self.value(out, name) == 0.2, "\(name)")
        }
    }

    @Test("smoothing follows a step with time constant τ, converges, and keeps its state across runs")
    func smoothing() throws {
        let setup: (inout NvidiaAudioStreamHeader) -> Void = {
            $0.faceParams.floatParams = ["lowerFaceSmoothing": 0.1]
        }
        let step = Fixture.clip(frames: 1, base: 0)
            .appendingFrames(Fixture.clip(frames: 89, base: 0, ["JawOpen": 1, "BrowInnerUp": 1]))
        var whole = try Fixture.controls(setup)
        let out = whole.adjust(step, firstFrame: 0).clip
        let retention = Float(exp(-1 / (30 * 0.1)))
        for frame in [0, 1, 2, 5, 10] {
            let expected = frame == 0 ? 0 : 1 - pow(retention, Float(frame))
            #expect(abs(Self.value(out, frame: frame, "JawOpen") - expected) < 1e-5, "frame \(frame)")
        }
        #expect(Self.value(out, frame: 89, "JawOpen") > 0.999)
        // The upper face has no smoothing: its step is immediate.
        #expect(Self.value(out, frame: 1, "BrowInnerUp") == 1)

        var split = try Fixture.controls(setup)
        let first = split.adjust(step.slice(rows: 0..<4), firstFrame: 0).clip
        let second = split.adjust(step.slice(rows: 4..<90), firstFrame: 4).clip
        #expect(first.values + second.values == out.values)
        #expect(Self.value(second, frame: 0, "JawOpen") < 0.8)
    }

    @Test("blendshape multipliers and offsets: weight × multiplier + offset, missing keys 1 and 0, no clamp by default")
    func multipliersAndOffsets() throws {
        var controls = try Fixture.controls {
            $0.blendshapeParams.bsWeightMultipliers = ["JawOpen": 2, "MouthClose": 0.5]
            $0.blendshapeParams.bsWeightOffsets = ["JawOpen": 0.1, "BrowInnerUp": -0.5]
        }
        let clip = Fixture.clip(frames: 1, base: 0.3, ["JawOpen": 0.7])
        let out = controls.adjust(clip, firstFrame: 0).clip
        #expect(abs(Self.value(out, "JawOpen") - 1.5) < 1e-6)
        #expect(abs(Self.value(out, "MouthClose") - 0.15) < 1e-6)
        #expect(abs(Self.value(out, "BrowInnerUp") - -0.2) < 1e-6)
        #expect(Self.value(out, "EyeWideLeft") == 0.3)
    }

    @Test("enable_clamping_bs_weight clamps to [0, 1], after the face parameters")
    func clampingLast() throws {
        var controls = try Fixture.controls {
            $0.faceParams.floatParams = ["lowerFaceStrength": 2]
            $0.blendshapeParams.bsWeightOffsets = ["BrowInnerUp": -0.5]
            $0.blendshapeParams.enableClampingBsWeight = true
        }
        let clip = Fixture.clip(frames: 1, base: 0.3, ["JawOpen": 0.8, "MouthClose": 0.4])
        let out = controls.adjust(clip, firstFrame: 0).clip
        #expect(Self.value(out, "JawOpen") == 1)
        #expect(abs(Self.value(out, "MouthClose") - 0.8) < 1e-6)
        #expect(Self.value(out, "BrowInnerUp") == 0)

        var unclamped = try Fixture.controls {
            $0.blendshapeParams.enableClampingBsWeight = false
            $0.blendshapeParams.bsWeightMultipliers = ["JawOpen": 3]
        }
        #expect(abs(Self.value(unclamped.adjust(clip, firstFrame: 0).clip, "JawOpen") - 2.4) < 1e-6)
    }

    @Test(
        "out-of-range face parameters name the key and the range",
        arguments: [
            ("lowerFaceStrength", Float(2.5), "0.0...2.0"), ("upperFaceStrength", -0.1, "0.0...2.0"),
            ("lowerFaceSmoothing", 0.2, "0.0...0.1"), ("upperFaceSmoothing", -1, "0.0...0.1"),
            ("blinkStrength", 3, "0.0...2.0"), ("eyelidOpenOffset", 1.5, "-1.0...1.0"),
            ("lipOpenOffset", 0.3, "-0.2...0.2"), ("lipOpenOffset", .nan, "-0.2...0.2"),
        ])
    func outOfRange(key: String, value: Float, range: String) {
        let message = Fixture.violation {
            _ = try Fixture.controls { $0.faceParams.floatParams = [key: value] }
        }
        #expect(message?.contains("face_params.float_params[\"\(key)\"]") == true, "\(message ?? "no error")")
        #expect(message?.contains(range) == true, "\(message ?? "no error")")
    }

    @Test("a blendshape value that is not a finite number names the entry")
    func nonFiniteBlendShapeValue() {
        let message = Fixture.violation {
            _ = try Fixture.controls { $0.blendshapeParams.bsWeightMultipliers = ["JawOpen": .infinity] }
        }
        #expect(message?.contains("blendshape_params.bs_weight_multipliers[\"JawOpen\"]") == true)
    }

    @Test("keys we do not implement are listed, sorted, and change nothing")
    func unsupportedKeys() throws {
        var controls = try Fixture.controls {
            $0.faceParams.floatParams = ["skinStrength": 1.2, "faceMaskLevel": 0.6, "tongueStrength": 1.3]
            $0.faceParams.integerParams = ["eyeSaccadeSeed": 3]
            $0.faceParams.floatArrayParams = ["emotion": .init()]
            $0.blendshapeParams.bsWeightMultipliers = ["TongueTipUp": 1]
            $0.blendshapeParams.bsWeightOffsets = ["TongueTipUp": 0.2]
            $0.emotionPostProcessingParams.emotionContrast = 1
            $0.emotionPostProcessingParams.liveBlendCoef = 0.7
            $0.emotionPostProcessingParams.enablePreferredEmotion = false
            $0.emotionPostProcessingParams.preferredEmotionStrength = 0.5
        }
        #expect(
            controls.unsupportedKeys == [
                "blendshape_params.bs_weight_multipliers[\"TongueTipUp\"]",
                "blendshape_params.bs_weight_offsets[\"TongueTipUp\"]",
                "emotion_post_processing_params.emotion_contrast",
                "emotion_post_processing_params.enable_preferred_emotion",
                "emotion_post_processing_params.live_blend_coef",
                "emotion_post_processing_params.preferred_emotion_strength",
                "face_params.float_array_params[\"emotion\"]",
                "face_params.float_params[\"faceMaskLevel\"]",
                "face_params.float_params[\"skinStrength\"]",
                "face_params.float_params[\"tongueStrength\"]",
                "face_params.integer_params[\"eyeSaccadeSeed\"]",
            ])
        let clip = Fixture.clip(frames: 2, base: 0.25)
        #expect(controls.adjust(clip, firstFrame: 0).clip == clip)
    }
}

extension FaceClip {
    /// This clip followed by `other`'s frames.
    fileprivate func appendingFrames(_ other: FaceClip) -> FaceClip {
        FaceClip(channelNames: channelNames, values: values + other.values, startFrame: startFrame)
    }
}
