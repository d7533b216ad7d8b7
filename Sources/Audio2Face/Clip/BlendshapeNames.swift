/// Well-known ordered sets of blendshape channel names.
public enum BlendshapeNames {
    /// The 51 ARKit-style channels of the UniTalker model, in its output column order
    /// (ARKit's 52 shapes without `TongueOut`). Both engines produce exactly these columns.
    public static let arkit51: [String] = [
        "EyeBlinkLeft", "EyeBlinkRight", "EyeSquintLeft", "EyeSquintRight",
        "EyeLookDownLeft", "EyeLookDownRight", "EyeLookInLeft", "EyeLookInRight",
        "EyeWideLeft", "EyeWideRight", "EyeLookOutLeft", "EyeLookOutRight",
        "EyeLookUpLeft", "EyeLookUpRight", "BrowDownLeft", "BrowDownRight",
        "BrowInnerUp", "BrowOuterUpLeft", "BrowOuterUpRight", "JawOpen",
        "MouthClose", "JawLeft", "JawRight", "JawForward",
        "MouthUpperUpLeft", "MouthUpperUpRight", "MouthLowerDownLeft", "MouthLowerDownRight",
        "MouthRollUpper", "MouthRollLower", "MouthSmileLeft", "MouthSmileRight",
        "MouthDimpleLeft", "MouthDimpleRight", "MouthStretchLeft", "MouthStretchRight",
        "MouthFrownLeft", "MouthFrownRight", "MouthPressLeft", "MouthPressRight",
        "MouthPucker", "MouthFunnel", "MouthLeft", "MouthRight",
        "MouthShrugLower", "MouthShrugUpper", "NoseSneerLeft", "NoseSneerRight",
        "CheekPuff", "CheekSquintLeft", "CheekSquintRight",
    ]

    /// ARKit's 52 blendshape names as our channels spell them: the engines' 51 and `TongueOut`.
    public static let arkit52 = Set(arkit51 + ["TongueOut"])

    /// Whether `channelNames` are ARKit blendshapes (all of them, and at least one): the channels the
    /// browser face draws. MMD profiles give morph names instead.
    public static func isARKit(_ channelNames: [String]) -> Bool {
        !channelNames.isEmpty && channelNames.allSatisfy(arkit52.contains)
    }
}
