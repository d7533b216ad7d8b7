import Foundation

/// Emotion presets read by the same loader and checks as the Offset module, for code outside the core
/// that applies them itself (the NVIDIA gRPC adapter's emotions).
public enum EmotionPresetFolder {
    /// The presets `{preset name: {channel: offset in [-1, 1]}}` of every `*.json` file in `directory`,
    /// a folder relative to the config's asset folder (`postprocess.assets_dir`, the shipped assets when
    /// empty; a relative `assets_dir` starts at `baseDirectory`). Throws ``ConfigError`` naming the file
    /// and the key inside it.
    public static func load(
        directory: String, postprocess: PostprocessConfig, baseDirectory: URL
    ) throws(ConfigError) -> [String: [String: Float]] {
        let assetsFolder = try ShippedAssets.folder(
            configured: postprocess.assetsDirectory, relativeTo: baseDirectory)
        return try PostprocessAssetLoader(baseDirectory: assetsFolder)
            .loadPresets(directory: directory, configKey: "postprocess.assets_dir")
    }
}
