/// Column indices in ``BlendshapeNames/arkit51`` of the channels the built-in engine drives, looked up
/// by name so that they cannot drift from the name list.
enum ArkitChannel {
    static let count = BlendshapeNames.arkit51.count

    static let browInnerUp = index(of: "BrowInnerUp")
    static let browOuterUpLeft = index(of: "BrowOuterUpLeft")
    static let browOuterUpRight = index(of: "BrowOuterUpRight")
    static let jawOpen = index(of: "JawOpen")
    static let mouthClose = index(of: "MouthClose")
    static let mouthUpperUpLeft = index(of: "MouthUpperUpLeft")
    static let mouthUpperUpRight = index(of: "MouthUpperUpRight")
    static let mouthLowerDownLeft = index(of: "MouthLowerDownLeft")
    static let mouthLowerDownRight = index(of: "MouthLowerDownRight")
    static let mouthSmileLeft = index(of: "MouthSmileLeft")
    static let mouthSmileRight = index(of: "MouthSmileRight")
    static let mouthStretchLeft = index(of: "MouthStretchLeft")
    static let mouthStretchRight = index(of: "MouthStretchRight")
    static let mouthPressLeft = index(of: "MouthPressLeft")
    static let mouthPressRight = index(of: "MouthPressRight")
    static let mouthPucker = index(of: "MouthPucker")
    static let mouthFunnel = index(of: "MouthFunnel")
    static let mouthShrugLower = index(of: "MouthShrugLower")

    /// Upper-face channels, which follow slower smoothing than the mouth.
    static let brows = [browInnerUp, browOuterUpLeft, browOuterUpRight]

    /// Every channel the engine writes (all others, including the eyes, stay 0 for the blink
    /// postprocessors).
    static let driven =
        brows + [
            jawOpen, mouthClose, mouthUpperUpLeft, mouthUpperUpRight, mouthLowerDownLeft, mouthLowerDownRight,
            mouthSmileLeft, mouthSmileRight, mouthStretchLeft, mouthStretchRight, mouthPressLeft, mouthPressRight,
            mouthPucker, mouthFunnel, mouthShrugLower,
        ]

    /// An internal slot after the 51 output columns holding the lip-closure amount (0…1), smoothed like
    /// the mouth and used to keep short closures visible at the output frame rate.
    static let closureSlot = count
    /// Width of a pose vector: the output columns plus the internal closure slot.
    static let poseWidth = count + 1

    private static func index(of name: String) -> Int {
        guard let index = BlendshapeNames.arkit51.firstIndex(of: name) else {
            preconditionFailure("\(name) is not in BlendshapeNames.arkit51")
        }
        return index
    }
}
