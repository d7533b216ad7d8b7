/// A clip that a postprocessor cannot work on (found at start-up by
/// ``PostprocessLibrary/validate(engineChannelNames:)``, or while a stream runs).
public enum PostprocessError: Error, Equatable, CustomStringConvertible {
    /// A module that works by column position (the UniTalker modules) got clips of another width.
    case channelCountMismatch(module: String, type: String, expected: Int, got: Int)

    public var description: String {
        switch self {
        case .channelCountMismatch(let module, let type, let expected, let got):
            "postprocessor '\(module)' (\(type)) needs the \(expected) UniTalker channels but got \(got); "
                + "put it first in the profile and use it only with an engine that outputs those channels"
        }
    }
}
