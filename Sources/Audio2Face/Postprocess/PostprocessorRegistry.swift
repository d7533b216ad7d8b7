/// The configuration of one module type: the entry under `postprocess.modules.<name>` minus its `type`.
///
/// Each module file declares its own `Parameters` type, a ``ConfigSection`` whose fields are the
/// parameters (defaults written once, as the properties' initial values); ``PostprocessorRegistry``
/// lists them all.
protocol PostprocessModuleParameters: ConfigSection {
    /// The value of `type:` that selects this module type (`LinearExpBlend`).
    static var typeName: String { get }
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
        Retarget.Parameters.self,
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
