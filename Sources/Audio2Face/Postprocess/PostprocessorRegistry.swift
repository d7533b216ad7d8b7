/// The configuration of one module type: the entry under `postprocess.modules.<name>` minus its `type`.
///
/// Each module file declares its own `Parameters` type; ``PostprocessorRegistry`` lists them all.
protocol PostprocessModuleParameters: Codable, Sendable, Equatable {
    /// The value of `type:` that selects this module type (`LinearExpBlend`).
    static var typeName: String { get }
    /// Checks the values that need no file; `keyPath` is the entry's dotted path
    /// (`postprocess.modules.mmd_jaw_blend`), used to name the bad key.
    func validate(keyPath: String) throws(ConfigError)
    /// Builds the module instance `name`, reading any assets through `assets`.
    func makeModule(
        name: String, keyPath: String, assets: PostprocessAssetLoader
    ) throws(ConfigError) -> any Postprocessor
}

extension PostprocessModuleParameters {
    /// Equality across the existential (`false` for parameters of another type).
    func isEqual(to other: any PostprocessModuleParameters) -> Bool {
        (other as? Self) == self
    }
}

/// Every module type a config may name. Adding a module is one file plus one line in `parameterTypes`.
enum PostprocessorRegistry {
    /// The parameter types of all modules, in documentation order.
    static let parameterTypes: [any PostprocessModuleParameters.Type] = [
        UnitalkerClip.Parameters.self,
        UnitalkerRandomBlink.Parameters.self,
        BlendshapeClip.Parameters.self,
        BlendshapeScale.Parameters.self,
        BlendshapeThreshold.Parameters.self,
        Offset.Parameters.self,
        Rename.Parameters.self,
        LinearExpBlend.Parameters.self,
        CustomBlink.Parameters.self,
    ]

    /// The `type:` values a config may use.
    static var typeNames: [String] { parameterTypes.map { $0.typeName } }

    /// The parameter type selected by `type: typeName`, if there is one.
    static func parameterType(named typeName: String) -> (any PostprocessModuleParameters.Type)? {
        parameterTypes.first { $0.typeName == typeName }
    }
}

extension Decoder {
    /// ``rejectUnknownKeys(_:)`` for a module entry, whose mapping also holds the `type` key.
    func rejectUnknownModuleKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let container = try container(keyedBy: AnyConfigKey.self)
        let known = ["type"] + Keys.allCases.map(\.stringValue)
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw UnknownConfigKey(codingPath: codingPath + [key], key: key.stringValue, known: known)
        }
    }
}

/// Range checks shared by the module parameter types, each naming the key it checks.
enum PostprocessCheck {
    /// Every value of `map` (keyed by channel name) lies in `range`.
    static func values(
        _ map: [String: Float], in range: ClosedRange<Float>, key: String
    ) throws(ConfigError) {
        for (channel, weight) in map.sorted(by: { $0.key < $1.key }) {
            try value(weight, in: range, key: "\(key).\(channel)")
        }
    }

    /// `value` is finite and lies in `range`.
    static func value(_ value: Float, in range: ClosedRange<Float>, key: String) throws(ConfigError) {
        guard value.isFinite, range.contains(value) else {
            throw .invalidValue(key: key, message: "\(value) is outside the allowed range \(range)")
        }
    }

    /// The map or list is not empty.
    static func notEmpty<C: Collection>(_ collection: C, key: String, what: String) throws(ConfigError) {
        guard !collection.isEmpty else {
            throw .invalidValue(key: key, message: "is empty; list at least one \(what)")
        }
    }
}

/// Coding keys of a module type that has no parameters.
enum NoModuleParameterKeys: CodingKey, CaseIterable {}
