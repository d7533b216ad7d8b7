import Foundation

/// Renames and reorders channels through an ordered mapping {target: source or null}: the output has
/// exactly the targets, in mapping order, each a copy of its source channel; a null source, or a source
/// the clip lacks, gives 0. Matches the reference Rename (used for ARKit → MMD).
public struct Rename: Postprocessor, ChannelLayoutPreparing {
    public let name: String
    /// The output channel names, in mapping order.
    public let targetNames: [String]
    /// Source channel of each non-null entry, with the target column it fills.
    private let sources: ChannelParameters<Int>

    /// Creates the module instance `name`; `mapping` must be non-empty with unique targets.
    public init(name: String, mapping: [(target: String, source: String?)]) throws(ConfigError) {
        guard !mapping.isEmpty else {
            throw .invalidValue(key: name, message: "the mapping is empty; list at least one target")
        }
        var seen = Set<String>()
        for entry in mapping where !seen.insert(entry.target).inserted {
            throw .invalidValue(key: name, message: "target '\(entry.target)' is listed twice")
        }
        self.name = name
        targetNames = mapping.map(\.target)
        sources = ChannelParameters(
            mapping.enumerated().compactMap { targetColumn, entry in
                entry.source.map { (name: $0, parameter: targetColumn) }
            })
    }

    private init(name: String, targetNames: [String], sources: ChannelParameters<Int>) {
        self.name = name
        self.targetNames = targetNames
        self.sources = sources
    }

    func prepared(forInput inputNames: [String]) -> Rename {
        Rename(name: name, targetNames: targetNames, sources: sources.prepared(forLayout: inputNames))
    }

    public func outputNames(forInput inputNames: [String]) throws -> [String] { targetNames }

    public func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip {
        let resolved = sources.resolved(in: clip.channelNames)
        let frameCount = clip.frameCount
        let inputWidth = clip.channelCount
        let outputWidth = targetNames.count
        let output = [Float](unsafeUninitializedCapacity: frameCount * outputWidth) { buffer, initialized in
            buffer.initialize(repeating: 0)
            clip.values.withUnsafeBufferPointer { input in
                for frame in 0..<frameCount {
                    let inputRow = frame * inputWidth
                    let outputRow = frame * outputWidth
                    for (sourceColumn, targetColumn) in zip(resolved.columns, resolved.parameters) {
                        buffer[outputRow + targetColumn] = input[inputRow + sourceColumn]
                    }
                }
            }
            initialized = frameCount * outputWidth
        }
        return FaceClip(channelNames: targetNames, values: output, startFrame: clip.startFrame)
    }
}

extension Rename {
    /// `type: Rename`, with `mapping`: a JSON file {target: source or null}, order kept.
    struct Parameters: PostprocessModuleParameters {
        static let typeName = "Rename"

        var mapping: String = ""

        init(mapping: String) {
            self.mapping = mapping
        }

        init() {}

        static var fields: [ConfigField<Self>] {
            [
                ConfigField(
                    "mapping", \.mapping, .notEmpty("name a mapping .json file (relative to postprocess.assets_dir)"))
            ]
        }

        func makeModule(
            name: String, keyPath: String, assets: PostprocessAssetLoader
        ) throws(ConfigError) -> any Postprocessor {
            let entries = try assets.loadMapping(mapping, configKey: "\(keyPath).mapping")
            do {
                return try Rename(name: name, mapping: entries)
            } catch {
                throw .invalidValue(key: "\(keyPath).mapping", message: "\(assets.url(for: mapping).path): \(error)")
            }
        }
    }
}
