/// Turns one frame of a stream into the datagram a live-output receiver expects (a VMC bundle, a Live
/// Link Face packet). An encoder is made for one stream's channel list and then called once per frame.
public protocol LiveFrameEncoder: Sendable {
    /// The datagram for frame `frameIndex` of the stream's timeline, whose values are `values` (one per
    /// channel, in the stream's channel order).
    func datagram(frameIndex: Int, values: ArraySlice<Float>) -> [UInt8]
}
