import Audio2Face
import NvidiaA2FProtocol

/// NVIDIA's `blendshape_params`, the last step before weights go out: `weight × multiplier + offset`
/// (a channel without a multiplier keeps 1, without an offset 0), then clamped to [0, 1] when
/// `enable_clamping_bs_weight` is true.
///
/// Names outside the stream's channels are not an error but listed in ``unsupportedKeys``: NVIDIA's own
/// sample configs send multipliers and offsets for 16 tongue shapes (TongueTipUp …) beyond the 52.
struct NvidiaBlendShapeAdjustment: Sendable {
    /// One multiplier per channel.
    let multipliers: [Float]
    /// One offset per channel.
    let offsets: [Float]
    /// Whether results are clamped to [0, 1].
    let clamps: Bool
    /// Map entries naming no channel, by their field paths, sorted.
    let unsupportedKeys: [String]

    /// Reads `parameters` for channels `channelNames`; a value that is not a finite number is a
    /// ``StreamError/protocolViolation(_:)`` naming the entry.
    init(_ parameters: NvidiaBlendShapeParameters, channelNames: [String]) throws(StreamError) {
        var unsupported: [String] = []
        func dense(_ map: [String: Float], field: String, missing: Float) throws(StreamError) -> [Float] {
            var values = [Float](repeating: missing, count: channelNames.count)
            for (name, value) in map.sorted(by: { $0.key < $1.key }) {
                let entry = "blendshape_params.\(field)[\"\(name)\"]"
                guard value.isFinite else {
                    throw .protocolViolation("\(entry) = \(value) is not allowed; use a finite number")
                }
                guard let column = channelNames.firstIndex(of: name) else {
                    unsupported.append(entry)
                    continue
                }
                values[column] = value
            }
            return values
        }
        multipliers = try dense(parameters.bsWeightMultipliers, field: "bs_weight_multipliers", missing: 1)
        offsets = try dense(parameters.bsWeightOffsets, field: "bs_weight_offsets", missing: 0)
        clamps = parameters.hasEnableClampingBsWeight && parameters.enableClampingBsWeight
        unsupportedKeys = unsupported.sorted()
    }

    /// Whether the adjustment changes anything.
    var isActive: Bool { clamps || multipliers.contains { $0 != 1 } || offsets.contains { $0 != 0 } }

    /// Adjusts one frame, `row` being its values in channel order.
    func apply(to row: inout [Float]) {
        for column in multipliers.indices {
            let value = row[column] * multipliers[column] + offsets[column]
            row[column] = clamps ? min(1, max(0, value)) : value
        }
    }
}
