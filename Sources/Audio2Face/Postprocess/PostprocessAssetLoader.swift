import Foundation
import Yams

/// Reads the JSON assets the postprocessors use (blink animations, emotion presets, retargeting mappings).
///
/// Relative paths resolve against `baseDirectory` (the `postprocess.assets_dir` folder). Every problem
/// becomes a ``ConfigError`` that names the file, the key inside it and the config key that pointed at
/// it. Files are parsed with the YAML parser, which keeps the order of JSON objects (a mapping's target order matters) and accepts any JSON.
struct PostprocessAssetLoader: Sendable {
    /// Directory that relative asset paths start from.
    let baseDirectory: URL

    /// The file or directory `path` names.
    func url(for path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
    }

    // MARK: - Asset kinds

    /// Every `*.json` file of `directory` as a preset `{channel: offset}` named by its file name without
    /// `.json`; offsets must lie in [-1, 1].
    func loadPresets(directory path: String, configKey: String) throws(ConfigError) -> [String: [String: Float]] {
        var presets: [String: [String: Float]] = [:]
        for file in try jsonFiles(in: path, configKey: configKey) {
            let root = try parseFile(file, configKey: configKey)
            guard case .mapping(let mapping) = root else {
                throw malformed(file, key: "", "expected a JSON object {channel name: offset}", configKey)
            }
            var offsets: [String: Float] = [:]
            for (keyNode, valueNode) in mapping {
                guard let channel = text(keyNode), !channel.isEmpty else {
                    throw malformed(
                        file, key: "\(keyNode)", "a channel name must be a non-empty JSON string", configKey)
                }
                guard let offset = number(valueNode) else {
                    throw malformed(
                        file, key: channel,
                        "expected a number, got '\(valueNode.scalar?.string ?? "a list or object")'", configKey)
                }
                guard (-1...1).contains(offset) else {
                    throw malformed(
                        file, key: channel, "offset \(offset) is outside the allowed range -1...1", configKey)
                }
                offsets[channel] = offset
            }
            presets[file.deletingPathExtension().lastPathComponent] = offsets
        }
        return presets
    }

    /// Every `*.json` file of `directory` as a blink animation named by its file name without `.json`.
    func loadBlinkAnimations(directory path: String, configKey: String) throws(ConfigError) -> [String: BlinkAnimation]
    {
        var animations: [String: BlinkAnimation] = [:]
        for file in try jsonFiles(in: path, configKey: configKey) {
            animations[file.deletingPathExtension().lastPathComponent] = try loadBlinkAnimation(
                file, configKey: configKey)
        }
        return animations
    }

    /// One blink animation `{"blendshape_names": [...], "blendshape_values": [[...], ...]}` with weights in
    /// [0, 1]; other keys are ignored.
    func loadBlinkAnimation(_ file: URL, configKey: String) throws(ConfigError) -> BlinkAnimation {
        let root = try parseFile(file, configKey: configKey)
        guard case .mapping(let mapping) = root else {
            throw malformed(
                file, key: "", "expected a JSON object with blendshape_names and blendshape_values", configKey)
        }
        guard case .sequence(let nameNodes)? = mapping["blendshape_names"] else {
            throw malformed(file, key: "blendshape_names", "expected a list of channel names", configKey)
        }
        var names: [String] = []
        for (index, node) in nameNodes.enumerated() {
            guard let name = text(node), !name.isEmpty else {
                throw malformed(
                    file, key: "blendshape_names[\(index)]", "expected a non-empty channel name (a JSON string)",
                    configKey)
            }
            guard !names.contains(name) else {
                throw malformed(file, key: "blendshape_names[\(index)]", "'\(name)' is listed twice", configKey)
            }
            names.append(name)
        }
        guard !names.isEmpty else {
            throw malformed(file, key: "blendshape_names", "is empty; list at least one channel", configKey)
        }
        guard case .sequence(let rowNodes)? = mapping["blendshape_values"], !rowNodes.isEmpty else {
            throw malformed(
                file, key: "blendshape_values", "expected a non-empty list of frames (lists of numbers)", configKey)
        }
        var frames: [[Float]] = []
        for (frame, rowNode) in rowNodes.enumerated() {
            guard case .sequence(let valueNodes) = rowNode, valueNodes.count == names.count else {
                throw malformed(
                    file, key: "blendshape_values[\(frame)]",
                    "expected a list of \(names.count) numbers, one per blendshape name", configKey)
            }
            var row: [Float] = []
            for (column, node) in valueNodes.enumerated() {
                let key = "blendshape_values[\(frame)][\(column)]"
                guard let value = number(node) else {
                    throw malformed(file, key: key, "expected a number", configKey)
                }
                guard (0...1).contains(value) else {
                    throw malformed(file, key: key, "weight \(value) is outside the allowed range 0...1", configKey)
                }
                row.append(value)
            }
            frames.append(row)
        }
        return BlinkAnimation(channelNames: names, frames: frames)
    }

    // MARK: - Files and JSON values

    /// The `*.json` files of a directory, sorted by name; the directory must exist and hold at least one.
    private func jsonFiles(in path: String, configKey: String) throws(ConfigError) -> [URL] {
        let directory = url(for: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw .invalidValue(
                key: configKey,
                message:
                    "directory \(directory.path) does not exist (relative asset paths start at postprocess.assets_dir, here \(baseDirectory.path))"
            )
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .unreadableFile(path: directory.path, reason: "\(error)")
        }
        let files = names.filter { $0.hasSuffix(".json") }.sorted().map { directory.appendingPathComponent($0) }
        guard !files.isEmpty else {
            throw .invalidValue(key: configKey, message: "directory \(directory.path) holds no .json files")
        }
        return files
    }

    /// The parsed contents of `file`.
    func parseFile(_ file: URL, configKey: String) throws(ConfigError) -> Node {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw .invalidValue(
                key: configKey,
                message:
                    "file \(file.path) does not exist (relative asset paths start at postprocess.assets_dir, here \(baseDirectory.path))"
            )
        }
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: file.path, reason: "\(error)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let firstLine = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw malformed(file, key: "", "not valid JSON: \(firstLine)", configKey)
        }
        guard let root else {
            throw malformed(file, key: "", "the file is empty", configKey)
        }
        return root
    }

    /// A problem inside an asset file, naming the file, the key inside it and the config key.
    func malformed(_ file: URL, key: String, _ reason: String, _ configKey: String) -> ConfigError {
        .malformed(path: file.path, key: key, reason: "\(reason) (asset named by config key '\(configKey)')")
    }

    /// The JSON `null`.
    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && node.null != nil
    }

    /// A JSON string (a quoted scalar).
    func text(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, scalar.style != .plain else { return nil }
        return scalar.string
    }

    /// A finite JSON number (an unquoted scalar).
    func number(_ node: Node) -> Float? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Double(scalar.string),
            value.isFinite
        else { return nil }
        return Float(value)
    }
}
