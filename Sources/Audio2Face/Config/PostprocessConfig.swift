/// The `postprocess:` section: named module instances, the profiles that chain them, and the blink seed.
///
/// ```yaml
/// postprocess:
///   blink_seed: 42              # optional; omit for a random seed per stream
///   modules:
///     mmd_jaw_blend: {type: LinearExpBlend, names: [あ, お]}
///   profiles:
///     - {name: mmd-default, modules: [unitalker_clip, arkit_to_mmd, mmd_jaw_blend]}
/// ```
///
/// Every field has a default, so a config without the section gets ``default``: the `arkit-default` and
/// `mmd-default` profiles over the assets shipped in `assets/`. docs/postprocessing.md lists each module
/// type's parameters.
public struct PostprocessConfig: Codable, Sendable, Equatable {
    /// Module instances by name; profiles refer to these names.
    public var modules: [String: PostprocessModuleConfig]
    /// Profiles in order; the first one also serves streams that ask for an unknown profile.
    public var profiles: [PostprocessProfileConfig]
    /// Seed of every stream's blink timing, for repeatable output; nil gives each stream a random seed.
    public var blinkSeed: UInt64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case modules, profiles
        case blinkSeed = "blink_seed"
    }

    /// Creates a config; the defaults are those of ``default``.
    public init(
        modules: [String: PostprocessModuleConfig] = PostprocessConfig.defaultModules,
        profiles: [PostprocessProfileConfig] = PostprocessConfig.defaultProfiles,
        blinkSeed: UInt64? = nil
    ) {
        self.modules = modules
        self.profiles = profiles
        self.blinkSeed = blinkSeed
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        modules = try container.decode(.modules, default: Self.defaultModules)
        profiles = try container.decode(.profiles, default: Self.defaultProfiles)
        blinkSeed = try container.decodeIfPresent(UInt64.self, forKey: .blinkSeed)
    }

    /// The shipped setting: `arkit-default` first (the fallback), then `mmd-default`.
    public static let `default` = PostprocessConfig()

    /// Checks everything that needs no file: profiles exist, name known modules once each, and every
    /// module's parameters are in range. ``PostprocessLibrary`` runs this before it loads the assets.
    public func validate() throws(ConfigError) {
        guard !profiles.isEmpty else {
            throw .invalidValue(key: "postprocess.profiles", message: "is empty; list at least one profile")
        }
        var profileNames = Set<String>()
        for (index, profile) in profiles.enumerated() {
            let key = "postprocess.profiles[\(index)]"
            guard !profile.name.isEmpty else {
                throw .invalidValue(key: "\(key).name", message: "is empty; give the profile a name")
            }
            guard profileNames.insert(profile.name).inserted else {
                throw .invalidValue(key: "\(key).name", message: "profile '\(profile.name)' is defined twice")
            }
            var used = Set<String>()
            for (position, moduleName) in profile.modules.enumerated() {
                let moduleKey = "\(key).modules[\(position)]"
                guard modules[moduleName] != nil else {
                    throw .invalidValue(
                        key: moduleKey,
                        message: "unknown module '\(moduleName)'; modules configured under postprocess.modules: "
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
        for (name, module) in modules.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty else {
                throw .invalidValue(key: "postprocess.modules", message: "a module has an empty name")
            }
            try module.parameters.validate(keyPath: "postprocess.modules.\(name)")
        }
    }
}

/// One profile: a name clients send as `profile_name`, and the modules it applies, in order.
public struct PostprocessProfileConfig: Codable, Sendable, Equatable {
    /// The profile name.
    public var name: String
    /// Names of module instances (keys of `postprocess.modules`), in application order.
    public var modules: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, modules
    }

    /// Creates a profile.
    public init(name: String, modules: [String]) {
        self.name = name
        self.modules = modules
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(.name, default: "")
        modules = try container.decode(.modules, default: [])
    }
}

/// One module instance: its `type` (one of ``knownTypeNames``) and that type's parameters, written
/// side by side in one mapping (`{type: BlendshapeScale, scales: {あ: 0.2}}`).
public struct PostprocessModuleConfig: Codable, Sendable, Equatable {
    /// The type's parameters.
    let parameters: any PostprocessModuleParameters

    /// The module type (`LinearExpBlend`).
    public var typeName: String { type(of: parameters).typeName }

    /// The module types a config may name.
    public static var knownTypeNames: [String] { PostprocessorRegistry.typeNames }

    init(_ parameters: any PostprocessModuleParameters) {
        self.parameters = parameters
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyConfigKey.self)
        let typeKey = AnyConfigKey(stringValue: "type")
        let known = Self.knownTypeNames.joined(separator: ", ")
        guard let typeName = try container.decodeIfPresent(String.self, forKey: typeKey) else {
            throw ConfigError.invalidValue(
                key: dottedKeyPath(decoder.codingPath + [typeKey]),
                message: "is missing; set the module type to one of: \(known)")
        }
        guard let parameterType = PostprocessorRegistry.parameterType(named: typeName) else {
            throw ConfigError.invalidValue(
                key: dottedKeyPath(decoder.codingPath + [typeKey]),
                message: "unknown module type '\(typeName)'; known types: \(known)")
        }
        parameters = try parameterType.init(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyConfigKey.self)
        try container.encode(typeName, forKey: AnyConfigKey(stringValue: "type"))
        try parameters.encode(to: encoder)
    }

    public static func == (lhs: PostprocessModuleConfig, rhs: PostprocessModuleConfig) -> Bool {
        lhs.parameters.isEqual(to: rhs.parameters)
    }
}

extension PostprocessConfig {
    /// The shipped module instances (asset paths relative to the repository root).
    public static var defaultModules: [String: PostprocessModuleConfig] {
        [
            "unitalker_clip": PostprocessModuleConfig(UnitalkerClip.Parameters()),
            "arkit_threshold": PostprocessModuleConfig(
                BlendshapeThreshold.Parameters(thresholds: defaultARKitThresholds)),
            "arkit_emotion_offset": PostprocessModuleConfig(
                Offset.Parameters(presetsDirectory: "assets/offsets/arkit")),
            "arkit_emotion_blink": PostprocessModuleConfig(
                CustomBlink.Parameters(animationsDirectory: "assets/blinks/arkit", blend: .max)),
            "arkit_to_mmd": PostprocessModuleConfig(
                Rename.Parameters(mapping: "assets/mappings/arkit-to-mmd.json")),
            "mmd_jaw_blend": PostprocessModuleConfig(
                LinearExpBlend.Parameters(names: ["あ", "お", "ワ", "あ２"])),
            "mmd_mouth_scale": PostprocessModuleConfig(
                BlendshapeScale.Parameters(scales: ["あ": 0.2, "お": 0.2, "あ２": 0.25, "ワ": 0.33])),
            "mmd_emotion_offset": PostprocessModuleConfig(
                Offset.Parameters(presetsDirectory: "assets/offsets/mmd")),
            "mmd_emotion_blink": PostprocessModuleConfig(
                CustomBlink.Parameters(animationsDirectory: "assets/blinks/mmd", blend: .max)),
        ]
    }

    /// The shipped profiles: `arkit-default` (the fallback) and `mmd-default` (the reference's order).
    public static var defaultProfiles: [PostprocessProfileConfig] {
        [
            PostprocessProfileConfig(
                name: "arkit-default",
                modules: ["unitalker_clip", "arkit_threshold", "arkit_emotion_offset", "arkit_emotion_blink"]),
            PostprocessProfileConfig(
                name: "mmd-default",
                modules: [
                    "unitalker_clip", "arkit_to_mmd", "mmd_jaw_blend", "mmd_mouth_scale", "mmd_emotion_offset",
                    "mmd_emotion_blink",
                ]),
        ]
    }

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
