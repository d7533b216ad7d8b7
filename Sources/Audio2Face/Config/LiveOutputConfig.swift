/// One named live output (YAML `outputs.NAME`): where a stream that opts in with `?output=NAME` sends its
/// frames as they are produced, and in which protocol.
public struct LiveOutputConfig: ConfigSection, Sendable, Equatable {
    /// The protocol: `vmc` (VSeeFace, Warudo, VNyan) or `livelink` (Unreal's Live Link Face source).
    public var kind: LiveOutputKind = .vmc
    /// The receiver's host name or IP address.
    public var host = "127.0.0.1"
    /// The receiver's UDP port; 0 means the kind's usual port (VMC 39539, Live Link Face 11111).
    public var port = 0
    /// The postprocessing profile whose channels the output carries (one of `postprocess.profiles`).
    public var profile = "arkit-default"

    /// The defaults: VMC to 127.0.0.1 on its usual port, ARKit channels.
    public init() {}

    /// The port frames go to: ``port``, or the kind's usual one when it is 0.
    public var effectivePort: Int { port == 0 ? kind.defaultPort : port }

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("kind", \.kind),
            ConfigField("host", \.host, .notEmpty("name the receiver, e.g. 127.0.0.1 or vtuber-pc.local")),
            ConfigField("port", \.port, .range(0...65_535)),
            ConfigField("profile", \.profile, .notEmpty("name a profile of postprocess.profiles")),
        ]
    }
}

extension LiveOutputKind: ConfigEnum {}
