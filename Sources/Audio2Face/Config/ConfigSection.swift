import Foundation
import Yams

/// A mapping in a config document whose keys are declared once, in ``fields``: each field's key, the
/// property it fills and the rules its value must follow. The property's initial value is the default.
///
/// The generic ``read(_:over:at:)`` refuses keys no field declares, keeps the default of every key the
/// document leaves out and reads each value with its type's reader; ``validate(at:)`` applies every
/// field's rules, then ``validateRelations(key:)``. Both name the dotted key in every error.
protocol ConfigSection: ConfigValue {
    /// The defaults.
    init()
    /// Every key of the section, in documentation order.
    static var fields: [ConfigField<Self>] { get }
    /// Rules that involve more than one field (a minimum no larger than its maximum); `key` is the
    /// section's dotted key. Each error names the key to change.
    func validateRelations(key: String) throws(ConfigError)
}

extension ConfigSection {
    func validateRelations(key: String) throws(ConfigError) {}

    static func read(_ node: Node, over current: Self?, at location: ConfigLocation) throws(ConfigError) -> Self {
        try read(node, over: current ?? Self(), at: location, alsoAllowing: [])
    }

    /// Reads the mapping `node` over `base`; keys in `extraKeys` belong to the caller and are skipped.
    static func read(
        _ node: Node, over base: Self, at location: ConfigLocation, alsoAllowing extraKeys: [String]
    ) throws(ConfigError) -> Self {
        if case .scalar(let scalar) = node, scalar.isNull { return base }
        guard case .mapping(let mapping) = node else {
            throw location.typeMismatch(expected: "a mapping with the keys \(knownKeys(extraKeys))", got: node)
        }
        let fields = Self.fields
        var section = base
        for (keyNode, valueNode) in mapping {
            let name = try String.read(keyNode, over: nil, at: location)
            if extraKeys.contains(name) { continue }
            guard let field = fields.first(where: { $0.key == name }) else {
                throw .unknownKey(key: location.child(name).key, known: extraKeys + fields.map(\.key))
            }
            try field.read(valueNode, &section, location.child(name))
        }
        return section
    }

    /// Reads and validates a YAML document that holds this section; `key` is the section's dotted key in
    /// errors, `sourceName` names the text, and relative paths in it resolve against `baseDirectory`
    /// (nil keeps them as written). An empty document gives the defaults.
    static func decodeDocument(
        yaml: String, key: String = "", sourceName: String = "<config>", relativePathsFrom baseDirectory: URL? = nil
    ) throws(ConfigError) -> Self {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .malformed(path: sourceName, key: "", reason: "not valid YAML: \(error)")
        }
        var section = Self()
        if let root {
            guard case .mapping = root else {
                throw .malformed(
                    path: sourceName, key: key, reason: "expected a mapping with the keys \(knownKeys([]))")
            }
            section = try read(root, over: section, at: ConfigLocation(key: key, baseDirectory: baseDirectory))
        }
        try section.validate(at: key)
        return section
    }

    /// Applies every field's rules and then the section's own relations; `key` is its dotted key.
    func validate(at key: String) throws(ConfigError) {
        for field in Self.fields {
            try field.validate(self, key.isEmpty ? field.key : "\(key).\(field.key)")
        }
        try validateRelations(key: key)
    }

    func validateNested(key: String) throws(ConfigError) {
        try validate(at: key)
    }

    /// The dotted keys of every value this section declares, nested sections spelt out to their
    /// leaves, under `prefix`.
    static func declaredKeys(under prefix: String) -> [String] {
        fields.flatMap { field in
            let key = prefix.isEmpty ? field.key : "\(prefix).\(field.key)"
            return field.nestedKeys?(key) ?? [key]
        }
    }

    private static func knownKeys(_ extraKeys: [String]) -> String {
        (extraKeys + fields.map(\.key)).joined(separator: ", ")
    }
}

/// One key of a ``ConfigSection``: how its value is read into the section and which rules it follows.
struct ConfigField<Section: ConfigSection> {
    /// The key as written in YAML (`hop_seconds`).
    let key: String
    /// Reads the key's node into the section; the location names the key.
    let read: (Node, inout Section, ConfigLocation) throws(ConfigError) -> Void
    /// Checks the key's value in a section; the string is the dotted key.
    let validate: (Section, String) throws(ConfigError) -> Void
    /// For a nested section: the dotted keys of its leaves under the given key.
    let nestedKeys: ((String) -> [String])?

    /// A value at `property` that must follow `rules`.
    init<Value: ConfigValue>(
        _ key: String, _ property: WritableKeyPath<Section, Value>, _ rules: ConfigRule<Value>...
    ) {
        self.key = key
        read = { node, section, location throws(ConfigError) in
            section[keyPath: property] = try Value.read(node, over: section[keyPath: property], at: location)
        }
        validate = { section, key throws(ConfigError) in
            let value = section[keyPath: property]
            for rule in rules {
                try rule.check(value, key)
            }
            try value.validateNested(key: key)
        }
        nestedKeys = nil
    }

    /// A nested section at `property`: keys the document leaves out keep their values in the default.
    init<Nested: ConfigSection>(section key: String, _ property: WritableKeyPath<Section, Nested>) {
        self.key = key
        read = { node, section, location throws(ConfigError) in
            section[keyPath: property] = try Nested.read(node, over: section[keyPath: property], at: location)
        }
        validate = { section, key throws(ConfigError) in try section[keyPath: property].validate(at: key) }
        nestedKeys = { Nested.declaredKeys(under: $0) }
    }

    /// A file or folder path at `property`: a relative path is made absolute against the folder of the
    /// config file (``ConfigLocation/baseDirectory``). An empty path and `-` (standard output) stay as
    /// written.
    init(path key: String, _ property: WritableKeyPath<Section, String>, _ rules: ConfigRule<String>...) {
        self.key = key
        read = { node, section, location throws(ConfigError) in
            let path = try String.read(node, over: nil, at: location)
            section[keyPath: property] = Self.resolve(path, against: location.baseDirectory)
        }
        validate = { section, key throws(ConfigError) in
            for rule in rules {
                try rule.check(section[keyPath: property], key)
            }
        }
        nestedKeys = nil
    }

    /// An optional path at `property`, resolved as ``init(path:_:_:)`` does; null or empty leaves it unset.
    init(path key: String, _ property: WritableKeyPath<Section, String?>) {
        self.key = key
        read = { node, section, location throws(ConfigError) in
            let path = try String?.read(node, over: nil, at: location)
            section[keyPath: property] = path.map { Self.resolve($0, against: location.baseDirectory) }
        }
        validate = { _, _ in }
        nestedKeys = nil
    }

    /// `path` made absolute against `baseDirectory` when it is relative.
    private static func resolve(_ path: String, against baseDirectory: URL?) -> String {
        guard let baseDirectory, !path.isEmpty, path != "-", !path.hasPrefix("/") else { return path }
        return baseDirectory.appendingPathComponent(path).standardizedFileURL.path
    }
}

/// A rule a field's value must follow, with the message that names the allowed values.
struct ConfigRule<Value> {
    /// Throws when `value` breaks the rule; the string is the field's dotted key.
    let check: (Value, String) throws(ConfigError) -> Void

    /// Any check; `check` throws ``ConfigError/invalidValue(key:message:)`` naming the key it is given.
    static func custom(_ check: @escaping (Value, String) throws(ConfigError) -> Void) -> Self {
        Self(check: check)
    }
}

extension ConfigRule where Value: Comparable {
    /// The value lies in `range`.
    static func range(_ range: ClosedRange<Value>) -> Self {
        Self { value, key throws(ConfigError) in
            guard range.contains(value) else {
                throw .invalidValue(key: key, message: "\(value) is outside the allowed range \(range)")
            }
        }
    }

    /// The value lies in `(lower, upper]`: above `lower`, at most `upper`.
    static func above(_ lower: Value, atMost upper: Value) -> Self {
        Self { value, key throws(ConfigError) in
            guard value > lower, value <= upper else {
                throw .invalidValue(key: key, message: "\(value) is outside the allowed range (\(lower), \(upper)]")
            }
        }
    }
}

extension ConfigRule where Value: Collection {
    /// The text, list or mapping is not empty; `hint` says what to write (`name a directory of .json files`).
    static func notEmpty(_ hint: String) -> Self {
        Self { value, key throws(ConfigError) in
            guard !value.isEmpty else { throw .invalidValue(key: key, message: "is empty; \(hint)") }
        }
    }
}

extension ConfigRule where Value == [String: Float] {
    /// Every value of a `{channel: value}` mapping lies in `range`; an error names the channel's key.
    static func values(in range: ClosedRange<Float>) -> Self {
        Self { map, key throws(ConfigError) in
            for (channel, value) in map.sorted(by: { $0.key < $1.key }) {
                try ConfigRule<Float>.range(range).check(value, "\(key).\(channel)")
            }
        }
    }
}
