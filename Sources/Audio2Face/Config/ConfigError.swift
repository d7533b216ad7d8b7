/// A configuration problem found while loading or validating, naming the key and the fix.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The text is not valid YAML, or a value has the wrong type.
    case malformed(path: String, key: String, reason: String)
    /// A key that no configuration type knows (usually a typo).
    case unknownKey(key: String, known: [String])
    /// A value outside its allowed range or set.
    case invalidValue(key: String, message: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            "cannot read config file \(path): \(reason)"
        case .malformed(let path, let key, let reason):
            "config \(path): \(key.isEmpty ? "document" : "key '\(key)'"): \(reason)"
        case .unknownKey(let key, let known):
            "unknown config key '\(key)'; known keys here: \(known.joined(separator: ", "))"
        case .invalidValue(let key, let message):
            "config key '\(key)': \(message)"
        }
    }
}
