/// Encodes frames as the UDP packets Epic's Live Link Face app sends, so Unreal's Live Link plug-in
/// (default port 11111) lists us as a face source named by the subject.
///
/// The packet, as the plug-in reads it (every multi-byte number big-endian):
/// - 1 byte: the packet version, 6;
/// - the device id: its UTF-8 length as a 32-bit integer, then the bytes (no terminator); the app sends
///   a 36-character UUID, and readers that skip a fixed 36 bytes exist, so ids here are 36 characters;
/// - the subject name: length and bytes, the same way;
/// - the frame time: the frame number (32-bit integer), the sub-frame (32-bit float, a fraction of a
///   frame), then the frame rate as numerator and denominator (two 32-bit integers, e.g. 30 and 1);
/// - 1 byte: how many values follow, 61;
/// - 61 floats: ARKit's 52 blendshapes in Live Link Face's order (``channelOrder``), then head yaw,
///   pitch and roll and each eye's yaw, pitch and roll.
public struct LiveLinkFaceEncoder: LiveFrameEncoder {
    /// The packet version the plug-in expects.
    public static let packetVersion: UInt8 = 6

    /// The 61 values of a packet, in order, named as our channels spell ARKit's shapes.
    public static let channelOrder: [String] = [
        "EyeBlinkLeft", "EyeLookDownLeft", "EyeLookInLeft", "EyeLookOutLeft", "EyeLookUpLeft",
        "EyeSquintLeft", "EyeWideLeft", "EyeBlinkRight", "EyeLookDownRight", "EyeLookInRight",
        "EyeLookOutRight", "EyeLookUpRight", "EyeSquintRight", "EyeWideRight", "JawForward", "JawLeft",
        "JawRight", "JawOpen", "MouthClose", "MouthFunnel", "MouthPucker", "MouthLeft", "MouthRight",
        "MouthSmileLeft", "MouthSmileRight", "MouthFrownLeft", "MouthFrownRight", "MouthDimpleLeft",
        "MouthDimpleRight", "MouthStretchLeft", "MouthStretchRight", "MouthRollLower", "MouthRollUpper",
        "MouthShrugLower", "MouthShrugUpper", "MouthPressLeft", "MouthPressRight", "MouthLowerDownLeft",
        "MouthLowerDownRight", "MouthUpperUpLeft", "MouthUpperUpRight", "BrowDownLeft", "BrowDownRight",
        "BrowInnerUp", "BrowOuterUpLeft", "BrowOuterUpRight", "CheekPuff", "CheekSquintLeft",
        "CheekSquintRight", "NoseSneerLeft", "NoseSneerRight", "TongueOut", "HeadYaw", "HeadPitch",
        "HeadRoll", "LeftEyeYaw", "LeftEyePitch", "LeftEyeRoll", "RightEyeYaw", "RightEyePitch",
        "RightEyeRoll",
    ]

    /// Identifies the sending device to Unreal (36 characters, like the app's UUID).
    public let deviceID: String
    /// The subject Unreal shows in its Live Link window.
    public let subjectName: String
    /// The frame rate sent with each frame number.
    public let framesPerSecond: Int32
    /// For each of the 61 packet slots, the stream column feeding it (nil: the stream has no such
    /// channel and the slot is 0).
    private let sourceColumns: [Int?]

    /// Creates an encoder for a stream with `channelNames` at `framesPerSecond`; channels outside
    /// ``channelOrder`` are not sent, slots the stream lacks are 0.
    public init(channelNames: [String], subjectName: String, deviceID: String, framesPerSecond: Int32) {
        self.subjectName = subjectName
        self.deviceID = deviceID
        self.framesPerSecond = framesPerSecond
        let columns = Dictionary(channelNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        sourceColumns = Self.channelOrder.map { columns[$0] }
    }

    public func datagram(frameIndex: Int, values: ArraySlice<Float>) -> [UInt8] {
        var bytes: [UInt8] = [Self.packetVersion]
        bytes.reserveCapacity(64 + deviceID.utf8.count + subjectName.utf8.count + 4 * sourceColumns.count)
        Self.appendLengthPrefixed(deviceID, to: &bytes)
        Self.appendLengthPrefixed(subjectName, to: &bytes)
        DatagramBytes.appendBigEndian(Int32(truncatingIfNeeded: frameIndex), to: &bytes)
        DatagramBytes.appendBigEndian(Float(0).bitPattern, to: &bytes)
        DatagramBytes.appendBigEndian(framesPerSecond, to: &bytes)
        DatagramBytes.appendBigEndian(Int32(1), to: &bytes)
        bytes.append(UInt8(sourceColumns.count))
        for column in sourceColumns {
            let value = column.map { values[values.startIndex + $0] } ?? 0
            DatagramBytes.appendBigEndian(value.bitPattern, to: &bytes)
        }
        return bytes
    }

    /// Appends `string` as its UTF-8 byte count (32-bit big-endian) and its bytes.
    private static func appendLengthPrefixed(_ string: String, to bytes: inout [UInt8]) {
        DatagramBytes.appendBigEndian(Int32(string.utf8.count), to: &bytes)
        bytes.append(contentsOf: string.utf8)
    }
}
