import Audio2Face
import Foundation
import NvidiaA2FProtocol

/// Our ARKit emotion presets as the NVIDIA adapter applies them: for every preset family that
/// ``NvidiaEmotionName`` maps onto, its intensity levels 1…N (weakest first), each `{channel: offset}`
/// with channels in NVIDIA's spelling. Loaded once at service start and shared by every stream.
struct NvidiaEmotionPresets: Sendable {
    /// The folder, relative to the asset folder, whose presets the NVIDIA adapter uses.
    static let presetsDirectory = "offsets/arkit"

    /// Levels of each family: `levels[family][k - 1]` is preset `<family>_<k>`.
    let levels: [String: [[String: Float]]]

    /// The presets of ``presetsDirectory`` in the config's asset folder (`postprocess.assets_dir`, the
    /// shipped assets when empty), read by the same loader as the Offset module. `baseDirectory` is the
    /// config file's folder.
    init(config: ServiceConfig, baseDirectory: URL) throws(ConfigError) {
        try self.init(
            presets: EmotionPresetFolder.load(
                directory: Self.presetsDirectory, postprocess: config.postprocess, baseDirectory: baseDirectory))
    }

    /// Presets `{preset name: {channel: offset}}` named `<family>_<level>`. Every family the emotion table
    /// needs must have levels 1…N without gaps; other presets are ignored. Channel names may start with a
    /// lower-case letter (`jawOpen`) and must then be one of NVIDIA's 52 names (``NvidiaBlendShapeNames``).
    init(presets: [String: [String: Float]]) throws(ConfigError) {
        let neededFamilies = Set(NvidiaEmotionName.allCases.compactMap(\.presetFamily))
        let knownChannels = Set(NvidiaBlendShapeNames.all)
        var levels: [String: [[String: Float]]] = [:]
        for family in neededFamilies.sorted() {
            var familyLevels: [[String: Float]] = []
            while let offsets = presets["\(family)_\(familyLevels.count + 1)"] {
                var renamed: [String: Float] = [:]
                for (channel, offset) in offsets {
                    let nvidiaName = channel.prefix(1).uppercased() + channel.dropFirst()
                    guard knownChannels.contains(nvidiaName) else {
                        throw .invalidValue(
                            key: "postprocess.assets_dir",
                            message: "emotion preset '\(family)_\(familyLevels.count + 1)' in "
                                + "\(Self.presetsDirectory) names channel '\(channel)', which is not one of the 52 "
                                + "ARKit channels NVIDIA's API sends (EyeBlinkLeft … TongueOut)")
                    }
                    renamed[nvidiaName, default: 0] += offset
                }
                familyLevels.append(renamed)
            }
            guard !familyLevels.isEmpty else {
                throw .invalidValue(
                    key: "postprocess.assets_dir",
                    message: "\(Self.presetsDirectory) has no preset '\(family)_1'; NVIDIA's emotions need the "
                        + "presets \(neededFamilies.sorted().map { "\($0)_1…" }.joined(separator: ", "))")
            }
            let skipped = presets.keys.filter { name in
                name.hasPrefix("\(family)_")
                    && Int(name.dropFirst(family.count + 1)).map { $0 > familyLevels.count }
                        == true
            }
            if let first = skipped.sorted().first {
                throw .invalidValue(
                    key: "postprocess.assets_dir",
                    message: "emotion preset '\(first)' in \(Self.presetsDirectory) leaves a gap after "
                        + "'\(family)_\(familyLevels.count)'; number the levels 1, 2, 3 … without gaps")
            }
            levels[family] = familyLevels
        }
        self.levels = levels
    }
}
