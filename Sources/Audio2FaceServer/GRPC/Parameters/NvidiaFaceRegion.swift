/// Which part of the face an ARKit channel moves, for NVIDIA's face parameters (docs/nvidia-grpc.md,
/// "Parameters and emotions"). The split follows FACS: brows, lids and the cheek raiser (AU 6) are the
/// upper face; jaw, mouth, cheek puff and nose wrinkler (AU 9) the lower face. Blinks, gaze and the tongue
/// have parameters of their own.
enum NvidiaFaceRegion: Sendable, Equatable {
    /// BrowDown*, BrowInnerUp, BrowOuterUp*, EyeSquint*, EyeWide*, CheekSquint* (11 channels).
    case upper
    /// Jaw*, Mouth*, CheekPuff, NoseSneer* (30 channels).
    case lower
    /// EyeBlink* (2 channels): `blinkStrength`, `eyelidOpenOffset`.
    case blink
    /// EyeLook* (8 channels): eye rotation, which no face parameter we implement touches.
    case gaze
    /// TongueOut: NVIDIA's tongue parameters, which we do not implement.
    case tongue

    /// The region of an NVIDIA channel name, or nil for a name outside the 52.
    init?(channel name: String) {
        let prefixes: [(String, NvidiaFaceRegion)] = [
            ("EyeBlink", .blink), ("EyeLook", .gaze), ("EyeSquint", .upper), ("EyeWide", .upper),
            ("Brow", .upper), ("CheekSquint", .upper), ("CheekPuff", .lower), ("Jaw", .lower),
            ("Mouth", .lower), ("NoseSneer", .lower), ("Tongue", .tongue),
        ]
        guard let region = prefixes.first(where: { name.hasPrefix($0.0) })?.1 else { return nil }
        self = region
    }

    /// The channels `lipOpenOffset` moves: the four that part the lips without moving the jaw.
    static let lipOpeningChannels: Set<String> = [
        "MouthUpperUpLeft", "MouthUpperUpRight", "MouthLowerDownLeft", "MouthLowerDownRight",
    ]
}
