import Yams

/// The `postprocess:` section: the assets folder, named module instances, the profiles that chain them,
/// and the blink seed.
///
/// ```yaml
/// postprocess:
///   assets_dir: ""              # empty = the assets shipped with audio2face
///   blink_seed: 42              # null = a random seed per stream
///   modules:
///     mmd_jaw_blend: {type: LinearExpBlend, names: [あ, お]}
///   profiles:
///     - {name: mmd-default, modules: [unitalker_clip, arkit_to_mmd, mmd_jaw_blend]}
/// ```
///
/// Every field has a default, so a config without the section gets ``default``: the shipped profiles
/// over the shipped assets. Asset paths in module parameters are relative to `assets_dir`.
/// docs/postprocessing.md lists each module type's parameters.
public struct PostprocessConfig: ConfigSection, Sendable, Equatable {
    /// The folder that module asset paths (`blinks/arkit`) start from; relative to the config file's
    /// folder. Empty means the assets shipped with audio2face (``ShippedAssets``).
    public var assetsDirectory: String
    /// Module instances by name; profiles refer to these names.
    public var modules: [String: PostprocessModuleConfig]
    /// Profiles in order.
    public var profiles: [PostprocessProfileConfig]
    /// Seed of every stream's blink timing, for repeatable output; nil gives each stream a random seed.
    public var blinkSeed: UInt64?

    /// Creates a config; the defaults are those of ``default``.
    public init(
        modules: [String: PostprocessModuleConfig] = PostprocessConfig.defaultModules,
        profiles: [PostprocessProfileConfig] = PostprocessConfig.defaultProfiles,
        blinkSeed: UInt64? = nil, assetsDirectory: String = ""
    ) {
        self.assetsDirectory = assetsDirectory
        self.modules = modules
        self.profiles = profiles
        self.blinkSeed = blinkSeed
    }

    /// The shipped defaults.
    public init() {
        self.init(modules: Self.defaultModules)
    }

    static var fields: [ConfigField<Self>] {
        [
            ConfigField(path: "assets_dir", \.assetsDirectory),
            ConfigField("blink_seed", \.blinkSeed),
            ConfigField("modules", \.modules),
            ConfigField("profiles", \.profiles, .notEmpty("list at least one profile")),
        ]
    }

    /// The shipped setting.
    public static let `default` = PostprocessConfig()

    /// Checks everything that needs no file: profiles exist, name known modules once each, and every
    /// module's parameters are in range. ``PostprocessLibrary`` runs this before it loads the assets.
    public func validate() throws(ConfigError) {
        try validate(at: "postprocess")
    }

    /// Profiles have distinct names and list configured modules, each once.
    func validateRelations(key: String) throws(ConfigError) {
        var profileNames = Set<String>()
        for (index, profile) in profiles.enumerated() {
            let profileKey = "\(key).profiles[\(index)]"
            guard profileNames.insert(profile.name).inserted else {
                throw .invalidValue(key: "\(profileKey).name", message: "profile '\(profile.name)' is defined twice")
            }
            var used = Set<String>()
            for (position, moduleName) in profile.modules.enumerated() {
                let moduleKey = "\(profileKey).modules[\(position)]"
                guard modules[moduleName] != nil else {
                    throw .invalidValue(
                        key: moduleKey,
                        message: "unknown module '\(moduleName)'; modules configured under \(key).modules: "
                            + modules.keys.sorted().joined(separator: ", "))
                }
                guard used.insert(moduleName).inserted else {
                    throw .invalidValue(
                        key: moduleKey,
                        message: "module '\(moduleName)' is listed twice in profile '\(profile.name)'; "
                            + "configure a second instance under another name")
                }
            }
        }
        if modules.keys.contains("") {
            throw .invalidValue(key: "\(key).modules", message: "a module has an empty name")
        }
    }
}

/// One profile: a name clients send as `profile_name`, and the modules it applies, in order.
public struct PostprocessProfileConfig: ConfigSection, Sendable, Equatable {
    /// The profile name.
    public var name: String
    /// Names of module instances (keys of `postprocess.modules`), in application order.
    public var modules: [String]

    /// Creates a profile.
    public init(name: String, modules: [String]) {
        self.name = name
        self.modules = modules
    }

    /// A profile with no name and no modules, which a document fills in.
    public init() {
        self.init(name: "", modules: [])
    }

    static var fields: [ConfigField<Self>] {
        [
            ConfigField("name", \.name, .notEmpty("give the profile a name")),
            ConfigField("modules", \.modules),
        ]
    }
}

/// One module instance: its `type` (one of ``knownTypeNames``) and that type's parameters, written
/// side by side in one mapping (`{type: BlendshapeScale, scales: {あ: 0.2}}`).
public struct PostprocessModuleConfig: ConfigValue, Sendable, Equatable {
    /// The type's parameters.
    let parameters: any PostprocessModuleParameters

    /// The module type (`LinearExpBlend`).
    public var typeName: String { type(of: parameters).typeName }

    /// The module types a config may name.
    public static var knownTypeNames: [String] { PostprocessorRegistry.typeNames }

    init(_ parameters: any PostprocessModuleParameters) {
        self.parameters = parameters
    }

    /// Reads `type`, then the rest of the mapping as that type's parameters.
    static func read(
        _ node: Node, over current: PostprocessModuleConfig?, at location: ConfigLocation
    ) throws(ConfigError) -> PostprocessModuleConfig {
        guard case .mapping(let mapping) = node else {
            throw location.typeMismatch(expected: "a mapping with a type and its parameters", got: node)
        }
        let known = knownTypeNames.joined(separator: ", ")
        let typeLocation = location.child("type")
        guard let typeNode = mapping["type"] else {
            throw .invalidValue(key: typeLocation.key, message: "is missing; set the module type to one of: \(known)")
        }
        let typeName = try String.read(typeNode, over: nil, at: typeLocation)
        guard let parameterType = PostprocessorRegistry.parameterType(named: typeName) else {
            throw .invalidValue(
                key: typeLocation.key, message: "unknown module type '\(typeName)'; known types: \(known)")
        }
        return PostprocessModuleConfig(try readParameters(parameterType, from: node, at: location))
    }

    private static func readParameters<Parameters: PostprocessModuleParameters>(
        _ type: Parameters.Type, from node: Node, at location: ConfigLocation
    ) throws(ConfigError) -> any PostprocessModuleParameters {
        try Parameters.read(node, over: Parameters(), at: location, alsoAllowing: ["type"])
    }

    func validateNested(key: String) throws(ConfigError) {
        try parameters.validate(at: key)
    }

    public static func == (lhs: PostprocessModuleConfig, rhs: PostprocessModuleConfig) -> Bool {
        lhs.parameters.isEqual(to: rhs.parameters)
    }
}

extension PostprocessConfig {
    /// The shipped module instances (asset paths relative to `assets_dir`).
    public static var defaultModules: [String: PostprocessModuleConfig] {
        [
            "unitalker_clip": PostprocessModuleConfig(UnitalkerClip.Parameters()),
            "arkit_threshold": PostprocessModuleConfig(
                BlendshapeThreshold.Parameters(thresholds: defaultARKitThresholds)),
            "arkit_emotion_offset": PostprocessModuleConfig(
                Offset.Parameters(presetsDirectory: "offsets/arkit")),
            "arkit_emotion_blink": PostprocessModuleConfig(
                CustomBlink.Parameters(animationsDirectory: "blinks/arkit", blend: .max)),
            "arkit_to_mmd": PostprocessModuleConfig(
                Retarget.Parameters(mapping: "mappings/arkit-to-mmd.json")),
            "arkit_to_vrm": PostprocessModuleConfig(
                Retarget.Parameters(mapping: "mappings/arkit-to-vrm.json")),
            "arkit_to_vrm0": PostprocessModuleConfig(
                Retarget.Parameters(mapping: "mappings/arkit-to-vrm0.json")),
            "arkit_to_ovr_visemes": PostprocessModuleConfig(
                Retarget.Parameters(mapping: "mappings/arkit-to-ovr-visemes.json")),
            "arkit_to_live2d": PostprocessModuleConfig(
                Retarget.Parameters(mapping: "mappings/arkit-to-live2d.json")),
            "mmd_jaw_blend": PostprocessModuleConfig(
                LinearExpBlend.Parameters(names: ["あ", "お", "ワ", "あ２"])),
            "mmd_mouth_scale": PostprocessModuleConfig(
                BlendshapeScale.Parameters(scales: ["あ": 0.2, "お": 0.2, "あ２": 0.25, "ワ": 0.33])),
            "mmd_emotion_offset": PostprocessModuleConfig(
                Offset.Parameters(presetsDirectory: "offsets/mmd")),
            "mmd_emotion_blink": PostprocessModuleConfig(
                CustomBlink.Parameters(animationsDirectory: "blinks/mmd", blend: .max)),
        ]
    }

    /// The shipped profiles: `arkit-default`, then `mmd-default` and the reference's six character profiles
    /// (``referenceCharacterProfileNames``), which all chain the same MMD modules in the reference's order,
    /// then the other rigs (``retargetedProfileNames``): the ARKit chain followed by one mapping file.
    public static var defaultProfiles: [PostprocessProfileConfig] {
        let mmdModules = [
            "unitalker_clip", "arkit_to_mmd", "mmd_jaw_blend", "mmd_mouth_scale", "mmd_emotion_offset",
            "mmd_emotion_blink",
        ]
        let arkitModules = ["unitalker_clip", "arkit_threshold", "arkit_emotion_offset", "arkit_emotion_blink"]
        let retargetModules = ["arkit_to_vrm", "arkit_to_vrm0", "arkit_to_ovr_visemes", "arkit_to_live2d"]
        return [
            PostprocessProfileConfig(name: "arkit-default", modules: arkitModules),
            PostprocessProfileConfig(name: "mmd-default", modules: mmdModules),
        ] + referenceCharacterProfileNames.map { PostprocessProfileConfig(name: $0, modules: mmdModules) }
            + zip(retargetedProfileNames, retargetModules).map {
                PostprocessProfileConfig(name: $0, modules: arkitModules + [$1])
            }
    }

    /// The shipped profiles for other rigs (VRM 1.0, VRM 0.x, Oculus visemes, Live2D), each the ARKit chain
    /// followed by a ``Retarget`` through its file in `assets/mappings/`.
    public static let retargetedProfileNames = ["vrm", "vrm0", "ovr-visemes", "live2d"]

    /// The profile names the reference service's clients ask for, one per character; each answers the 61
    /// MMD morph names of `assets/mappings/arkit-to-mmd.json`.
    public static let referenceCharacterProfileNames = [
        "KQ-default", "Ani-default", "HT-default", "FNN-default", "KL-default", "NXD-default",
    ]

    /// Thresholds of `arkit_threshold`: model jitter below these is zeroed (small secondary channels get
    /// a higher threshold than the speech-critical mouth and jaw).
    static let defaultARKitThresholds: [String: Float] = [
        "JawOpen": 0.01, "MouthClose": 0.01, "MouthFunnel": 0.01, "MouthPucker": 0.01,
        "MouthSmileLeft": 0.01, "MouthSmileRight": 0.01,
        "MouthUpperUpLeft": 0.01, "MouthUpperUpRight": 0.01,
        "MouthLowerDownLeft": 0.01, "MouthLowerDownRight": 0.01,
        "MouthStretchLeft": 0.02, "MouthStretchRight": 0.02,
        "MouthFrownLeft": 0.02, "MouthFrownRight": 0.02,
        "MouthPressLeft": 0.02, "MouthPressRight": 0.02,
        "MouthDimpleLeft": 0.02, "MouthDimpleRight": 0.02,
        "MouthRollUpper": 0.02, "MouthRollLower": 0.02,
        "MouthShrugLower": 0.02, "MouthLeft": 0.02, "MouthRight": 0.02,
        "JawLeft": 0.02, "JawRight": 0.02, "JawForward": 0.02,
        "BrowDownLeft": 0.02, "BrowDownRight": 0.02, "BrowInnerUp": 0.02,
        "BrowOuterUpLeft": 0.02, "BrowOuterUpRight": 0.02,
        "CheekPuff": 0.02, "CheekSquintLeft": 0.02, "CheekSquintRight": 0.02,
        "NoseSneerLeft": 0.02, "NoseSneerRight": 0.02,
    ]
}
