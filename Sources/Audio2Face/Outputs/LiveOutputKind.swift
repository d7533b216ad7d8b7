import Foundation

/// The protocols a live output speaks, named as the config and the CLI spell them.
public enum LiveOutputKind: String, Sendable, CaseIterable {
    /// The VMC protocol (OSC over UDP) of VSeeFace, Warudo, VNyan and VMagicMirror.
    case vmc
    /// Epic's Live Link Face packets, for Unreal's Live Link plug-in.
    case livelink

    /// The port the usual receiver listens on.
    public var defaultPort: Int {
        switch self {
        case .vmc: 39_539
        case .livelink: 11_111
        }
    }

    /// An encoder factory for streams at `framesPerSecond`; Live Link Face packets carry `subjectName`
    /// and one device id per call of the factory.
    public func encoderFactory(subjectName: String, framesPerSecond: Double) -> LiveOutputSender.EncoderFactory {
        switch self {
        case .vmc:
            return { VMCFrameEncoder(channelNames: $0) }
        case .livelink:
            let rate = Int32(framesPerSecond.rounded())
            return {
                LiveLinkFaceEncoder(
                    channelNames: $0, subjectName: subjectName, deviceID: UUID().uuidString, framesPerSecond: rate)
            }
        }
    }
}
