import Audio2Face
import Foundation

/// The API keys the service accepts, loaded from a file and/or an environment variable. Keys are
/// compared in constant time and never printed (the type's description hides them).
public struct APIKeyStore: Sendable, CustomStringConvertible {
    /// Why keys could not be loaded.
    public enum LoadError: Error, CustomStringConvertible {
        case unreadableFile(path: String, reason: String)
        case noKeys(sources: String)

        public var description: String {
            switch self {
            case .unreadableFile(let path, let reason): "cannot read API keys file \(path): \(reason)"
            case .noKeys(let sources): "auth is enabled but no API key was found in \(sources)"
            }
        }
    }

    private let keys: [[UInt8]]

    /// A store holding `keys` (empty strings are ignored).
    public init(keys: [String]) {
        self.keys = keys.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    /// Loads the keys `config` names: lines of `keys_file` (blank lines and `#` comments skipped) plus
    /// the comma-separated keys in the `keys_env` variable. Relative paths resolve against `baseDirectory`.
    public init(
        config: AuthConfig, baseDirectory: URL, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        var found: [String] = []
        var sources: [String] = []
        if !config.keysFile.isEmpty {
            let url = URL(fileURLWithPath: config.keysFile, relativeTo: baseDirectory)
            sources.append("file \(url.path)")
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw LoadError.unreadableFile(path: url.path, reason: error.localizedDescription)
            }
            found += text.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        if !config.keysEnvironmentVariable.isEmpty {
            sources.append("environment variable \(config.keysEnvironmentVariable)")
            found += (environment[config.keysEnvironmentVariable] ?? "")
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        self.init(keys: found)
        if keys.isEmpty { throw LoadError.noKeys(sources: sources.joined(separator: " and ")) }
    }

    /// Number of keys loaded.
    public var count: Int { keys.count }

    /// Whether `candidate` is one of the keys. Every key is compared over its full length whatever
    /// matches, so the time taken says nothing about how much of a key was right.
    public func accepts(_ candidate: some StringProtocol) -> Bool {
        let given = Array(candidate.utf8)
        var matched: UInt8 = 0
        for key in keys {
            var difference: UInt8 = key.count == given.count ? 0 : 1
            for index in 0..<key.count {
                difference |= key[index] ^ (index < given.count ? given[index] : 0)
            }
            matched |= difference == 0 ? 1 : 0
        }
        return matched == 1
    }

    public var description: String { "APIKeyStore(\(keys.count) keys)" }
}
