import Foundation

/// A coding key for any string, used to list the keys a YAML mapping really has.
struct AnyConfigKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Thrown (inside decoding) when a mapping holds a key its type does not know.
struct UnknownConfigKey: Error {
    let codingPath: [any CodingKey]
    let key: String
    let known: [String]
}

extension Decoder {
    /// Fails when the mapping at this level has a key that `Keys` does not list, so typos in a config
    /// file stop start-up instead of being ignored.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let container = try container(keyedBy: AnyConfigKey.self)
        let known = Keys.allCases.map(\.stringValue)
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw UnknownConfigKey(codingPath: codingPath + [key], key: key.stringValue, known: known)
        }
    }
}

extension KeyedDecodingContainer {
    /// The value at `key`, or `defaultValue` when the key is absent.
    func decode<T: Decodable>(_ key: Key, default defaultValue: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? defaultValue
    }
}

/// Dotted form of a decoding path (`engine.builtin.gain`), as config errors show it.
func dottedKeyPath(_ path: [any CodingKey]) -> String {
    path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        .joined(separator: ".")
        .replacingOccurrences(of: ".[", with: "[")
}

/// Checks a numeric config value against a closed range, naming the key when it is outside.
func requireValue<T: Comparable>(
    _ value: T, in range: ClosedRange<T>, key: String
) throws(ConfigError) {
    guard range.contains(value) else {
        throw .invalidValue(key: key, message: "\(value) is outside the allowed range \(range)")
    }
}
