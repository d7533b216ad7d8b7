/// A module's per-channel parameters (`JawOpen → 0.2`), with their column positions worked out ahead of
/// time for the channel layout the module expects, so that processing a clip needs no name look-ups.
///
/// Clips with another layout still work: their columns are resolved for that clip alone.
struct ChannelParameters<Parameter: Sendable>: Sendable {
    /// The configured channel names, each with its parameter, in application order (a name may repeat).
    let entries: [(name: String, parameter: Parameter)]
    /// Columns resolved ahead of time for one layout, if any.
    private var prepared: ResolvedChannels<Parameter>?

    /// Parameters for `entries`.
    init(_ entries: [(name: String, parameter: Parameter)]) {
        self.entries = entries
    }

    /// Parameters from a map, ordered by channel name so that the order never depends on hashing.
    init(_ map: [String: Parameter]) {
        self.init(map.sorted { $0.key < $1.key }.map { (name: $0.key, parameter: $0.value) })
    }

    /// A copy that has the columns for clips named `layout` ready.
    func prepared(forLayout layout: [String]) -> Self {
        var copy = self
        copy.prepared = ResolvedChannels(entries, in: layout)
        return copy
    }

    /// A copy of `clip` in which every configured channel's value in every frame is replaced by
    /// `rule(value, parameter)`; channels the clip lacks are skipped, and `clip` itself is unchanged.
    @inline(__always)
    func applying(to clip: FaceClip, _ rule: (Float, Parameter) -> Float) -> FaceClip {
        let resolved = resolved(in: clip.channelNames)
        guard !resolved.columns.isEmpty else { return clip }
        var result = clip
        let width = clip.channelCount
        result.values.withUnsafeMutableBufferPointer { values in
            var rowStart = 0
            while rowStart < values.count {
                for (column, parameter) in zip(resolved.columns, resolved.parameters) {
                    values[rowStart + column] = rule(values[rowStart + column], parameter)
                }
                rowStart += width
            }
        }
        return result
    }

    /// The columns of the configured channels in a clip named `layout` (channels it lacks are left out).
    func resolved(in layout: [String]) -> ResolvedChannels<Parameter> {
        if let prepared, prepared.layout == layout { return prepared }
        return ResolvedChannels(entries, in: layout)
    }
}

/// Configured channels located in one channel layout: parallel arrays of columns and parameters.
struct ResolvedChannels<Parameter: Sendable>: Sendable {
    /// The channel names these columns index.
    let layout: [String]
    /// Columns of the configured channels that `layout` has, in configuration order.
    let columns: [Int]
    /// The parameter belonging to each entry of `columns`.
    let parameters: [Parameter]

    /// Locates `entries` in `layout`; names the layout lacks are skipped.
    init(_ entries: [(name: String, parameter: Parameter)], in layout: [String]) {
        var columnOfName = [String: Int](minimumCapacity: layout.count)
        for (column, name) in layout.enumerated() where columnOfName[name] == nil {
            columnOfName[name] = column
        }
        var columns: [Int] = []
        var parameters: [Parameter] = []
        for entry in entries {
            guard let column = columnOfName[entry.name] else { continue }
            columns.append(column)
            parameters.append(entry.parameter)
        }
        self.layout = layout
        self.columns = columns
        self.parameters = parameters
    }
}

/// A module that can locate its channels ahead of time for the clips it will see.
protocol ChannelLayoutPreparing: Postprocessor {
    /// A copy of this module with its columns resolved for clips named `inputNames`.
    func prepared(forInput inputNames: [String]) -> Self
}
