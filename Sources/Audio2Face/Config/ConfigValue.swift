import Foundation
import Logging
import Yams

/// Where a value sits in a config document: its dotted key (`streaming.segmentation.hop_seconds`,
/// `postprocess.profiles[0].name`) and the folder relative paths start from (the config file's folder;
/// nil leaves relative paths as written).
struct ConfigLocation: Sendable {
    /// The dotted key; empty for the document itself.
    let key: String
    /// The folder relative paths in the document resolve against.
    let baseDirectory: URL?

    /// The location of `name` inside this mapping.
    func child(_ name: String) -> ConfigLocation {
        ConfigLocation(key: key.isEmpty ? name : "\(key).\(name)", baseDirectory: baseDirectory)
    }

    /// The location of the `index`th element of this list.
    func element(_ index: Int) -> ConfigLocation {
        ConfigLocation(key: "\(key)[\(index)]", baseDirectory: baseDirectory)
    }

    /// A wrong-type error at this key: what was expected and what the document holds.
    func typeMismatch(expected: String, got node: Node) -> ConfigError {
        .invalidValue(key: key, message: "expected \(expected), got \(Self.describe(node))")
    }

    /// A short description of a node for error messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.isNull ? "null" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

/// A value a config key can hold. The one config decoder reads it from a YAML node, and
/// ``validateNested(key:)`` checks the sections inside it; both name the dotted key in every error.
protocol ConfigValue: Sendable, Equatable {
    /// Reads the value at `location`; `current` is the value before reading, which a section keeps for
    /// the keys the node leaves out (nil: the type's own defaults).
    static func read(_ node: Node, over current: Self?, at location: ConfigLocation) throws(ConfigError) -> Self
    /// Checks the sections held inside this value; `key` is its dotted key. Plain values hold none.
    func validateNested(key: String) throws(ConfigError)
}

extension ConfigValue {
    func validateNested(key: String) throws(ConfigError) {}
}

/// A plain scalar read through one of Yams' scalar constructors, with the words naming its type.
private func readScalar<Value>(
    _ node: Node, at location: ConfigLocation, expected: String, _ construct: (Node.Scalar) -> Value?
) throws(ConfigError) -> Value {
    guard case .scalar(let scalar) = node, !scalar.isNull, let value = construct(scalar) else {
        throw location.typeMismatch(expected: expected, got: node)
    }
    return value
}

extension Bool: ConfigValue {
    static func read(_ node: Node, over current: Bool?, at location: ConfigLocation) throws(ConfigError) -> Bool {
        try readScalar(node, at: location, expected: "true or false", Bool.construct(from:))
    }
}

extension Int: ConfigValue {
    static func read(_ node: Node, over current: Int?, at location: ConfigLocation) throws(ConfigError) -> Int {
        try readScalar(node, at: location, expected: "a whole number") {
            $0.style == .plain ? Int.construct(from: $0) : nil
        }
    }
}

extension UInt64: ConfigValue {
    static func read(_ node: Node, over current: UInt64?, at location: ConfigLocation) throws(ConfigError) -> UInt64 {
        try readScalar(node, at: location, expected: "a whole number from 0 to \(UInt64.max)") {
            $0.style == .plain ? UInt64($0.string.replacingOccurrences(of: "_", with: "")) : nil
        }
    }
}

extension Double: ConfigValue {
    static func read(_ node: Node, over current: Double?, at location: ConfigLocation) throws(ConfigError) -> Double {
        try readScalar(node, at: location, expected: "a finite number") { scalar in
            Double.construct(from: scalar).flatMap { $0.isFinite ? $0 : nil }
        }
    }
}

extension Float: ConfigValue {
    static func read(_ node: Node, over current: Float?, at location: ConfigLocation) throws(ConfigError) -> Float {
        let value = try Double.read(node, over: nil, at: location)
        guard abs(value) <= Double(Float.greatestFiniteMagnitude) else {
            throw .invalidValue(key: location.key, message: "\(value) is too large")
        }
        return Float(value)
    }
}

extension String: ConfigValue {
    static func read(_ node: Node, over current: String?, at location: ConfigLocation) throws(ConfigError) -> String {
        try readScalar(node, at: location, expected: "text (write \"\" for an empty value)") { $0.string }
    }
}

/// An optional value: YAML `null` or an empty string means "not set".
extension Optional: ConfigValue where Wrapped: ConfigValue {
    static func read(_ node: Node, over current: Wrapped??, at location: ConfigLocation) throws(ConfigError) -> Wrapped?
    {
        if case .scalar(let scalar) = node, scalar.isNull || scalar.string.isEmpty {
            return nil
        }
        return try Wrapped.read(node, over: current ?? nil, at: location)
    }

    func validateNested(key: String) throws(ConfigError) {
        try self?.validateNested(key: key)
    }
}

/// A list; a document's list replaces the default list as a whole.
extension Array: ConfigValue where Element: ConfigValue {
    static func read(_ node: Node, over current: [Element]?, at location: ConfigLocation) throws(ConfigError)
        -> [Element]
    {
        guard case .sequence(let sequence) = node else {
            throw location.typeMismatch(expected: "a list", got: node)
        }
        var elements: [Element] = []
        for (index, element) in sequence.enumerated() {
            elements.append(try Element.read(element, over: nil, at: location.element(index)))
        }
        return elements
    }

    func validateNested(key: String) throws(ConfigError) {
        for (index, element) in enumerated() {
            try element.validateNested(key: "\(key)[\(index)]")
        }
    }
}

/// A mapping from names to values; a document's mapping replaces the default mapping as a whole.
extension Dictionary: ConfigValue where Key == String, Value: ConfigValue {
    static func read(
        _ node: Node, over current: [String: Value]?, at location: ConfigLocation
    ) throws(ConfigError) -> [String: Value] {
        guard case .mapping(let mapping) = node else {
            throw location.typeMismatch(expected: "a mapping of names to values", got: node)
        }
        var result: [String: Value] = [:]
        for (keyNode, valueNode) in mapping {
            let name = try String.read(keyNode, over: nil, at: location)
            guard result[name] == nil else {
                throw .invalidValue(key: location.child(name).key, message: "is listed twice")
            }
            result[name] = try Value.read(valueNode, over: nil, at: location.child(name))
        }
        return result
    }

    func validateNested(key: String) throws(ConfigError) {
        for name in keys.sorted() {
            try self[name]!.validateNested(key: "\(key).\(name)")
        }
    }
}

/// A value from a fixed set of names; any other name is refused with the list of allowed ones.
protocol ConfigEnum: ConfigValue, RawRepresentable<String>, CaseIterable {}

extension ConfigEnum {
    static func read(_ node: Node, over current: Self?, at location: ConfigLocation) throws(ConfigError) -> Self {
        let name = try String.read(node, over: nil, at: location)
        guard let value = Self(rawValue: name) else {
            throw .invalidValue(key: location.key, message: "'\(name)' is not allowed; use one of: \(allowedNames)")
        }
        return value
    }

    /// The allowed names, comma-separated, in declaration order.
    static var allowedNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

extension Logger.Level: ConfigEnum {}

extension Node.Scalar {
    /// YAML's null: a plain `~`, `null` or nothing at all (a quoted `''` is an empty string).
    var isNull: Bool { NSNull.construct(from: self) != nil }
}
