/// Encodes frames for the VMC protocol (OSC over UDP, as VSeeFace, Warudo, VNyan and VMagicMirror
/// receive it): one OSC bundle per frame holding `/VMC/Ext/Blend/Val` (name, value) for every channel in
/// channel order, then `/VMC/Ext/Blend/Apply`, so a receiver shows the whole frame at once.
public struct VMCFrameEncoder: LiveFrameEncoder {
    /// The address of one blendshape value.
    public static let valueAddress = "/VMC/Ext/Blend/Val"
    /// The address that tells the receiver to apply the values sent since the last apply.
    public static let applyAddress = "/VMC/Ext/Blend/Apply"

    /// The stream's channel names, sent as the blendshape names.
    public let channelNames: [String]

    /// Creates an encoder for a stream with `channelNames`.
    public init(channelNames: [String]) {
        self.channelNames = channelNames
    }

    /// The bundle of frame `values`; VMC carries no frame number, so `frameIndex` is not sent.
    public func datagram(frameIndex: Int, values: ArraySlice<Float>) -> [UInt8] {
        var messages = zip(channelNames, values).map { name, value in
            OSCMessage(Self.valueAddress, [.string(name), .float32(value)])
        }
        messages.append(OSCMessage(Self.applyAddress))
        return OSCBundle(messages: messages).encoded
    }
}
