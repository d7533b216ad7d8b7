/// A module whose output channels have value ranges other than [0, 1] (a retargeted rig's parameters).
protocol ChannelRangeDeclaring: Postprocessor {
    /// The range of each output channel this module declares.
    var declaredRanges: [(name: String, range: ClosedRange<Float>)] { get }
}

/// The bounds of the pipeline's final clamp: each channel's range as the last module that declared one
/// gave it, [0, 1] for every other channel.
struct ChannelRanges: Sendable {
    /// Declared ranges other than [0, 1], by channel name.
    private let rangeOfChannel: [String: ClosedRange<Float>]
    /// Bounds worked out ahead of time for one output layout.
    private var prepared: ChannelBounds?

    /// The ranges `modules` declare, later modules overriding earlier ones.
    init(declaredBy modules: [any Postprocessor]) {
        var ranges: [String: ClosedRange<Float>] = [:]
        for case let module as any ChannelRangeDeclaring in modules {
            for (name, range) in module.declaredRanges {
                ranges[name] = range
            }
        }
        // [0, 1] is what every other channel gets, so only the other ranges need looking up.
        rangeOfChannel = ranges.filter { $0.value != 0...1 }
    }

    /// Whether every channel is bounded by [0, 1].
    var areAllUnit: Bool { rangeOfChannel.isEmpty }

    /// A copy with the bounds for clips named `layout` ready.
    func prepared(forLayout layout: [String]) -> ChannelRanges {
        var copy = self
        copy.prepared = bounds(in: layout)
        return copy
    }

    /// The lower and upper bound of each channel of a clip named `layout`.
    func bounds(in layout: [String]) -> ChannelBounds {
        if let prepared, prepared.layout == layout { return prepared }
        let ranges = layout.map { rangeOfChannel[$0] ?? 0...1 }
        return ChannelBounds(layout: layout, lower: ranges.map(\.lowerBound), upper: ranges.map(\.upperBound))
    }
}

/// Per-column clamp bounds for one channel layout.
struct ChannelBounds: Sendable {
    let layout: [String]
    let lower: [Float]
    let upper: [Float]
}
