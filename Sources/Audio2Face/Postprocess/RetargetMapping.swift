import Foundation
import Yams

/// A rig described as data: each target channel is a weighted sum of source channels, shaped by a curve and
/// bounded by the target's value range; optionally the targets of a frame are normalised to sum to 1.
///
/// Read from a mapping file in `assets/mappings/` (docs/avatars.md, "Writing a mapping file for your own rig").
public struct RetargetMapping: Sendable, Equatable {
    /// One output channel.
    public struct Target: Sendable, Equatable {
        /// The output channel name.
        public var name: String
        /// Source channels and their weights, in file order.
        public var weights: [(source: String, weight: Float)]
        /// The shape applied to the weighted sum.
        public var curve: RetargetCurve
        /// The values this channel may take; the pipeline's final clamp uses it.
        public var range: ClosedRange<Float>

        /// Creates a target; `curve` defaults to the identity and `range` to [0, 1].
        public init(
            name: String, weights: [(source: String, weight: Float)], curve: RetargetCurve = .identity,
            range: ClosedRange<Float> = 0...1
        ) {
            self.name = name
            self.weights = weights
            self.curve = curve
            self.range = range
        }

        public static func == (lhs: Target, rhs: Target) -> Bool {
            lhs.name == rhs.name && lhs.curve == rhs.curve && lhs.range == rhs.range
                && lhs.weights.map(\.source) == rhs.weights.map(\.source)
                && lhs.weights.map(\.weight) == rhs.weights.map(\.weight)
        }
    }

    /// What happens to a frame after every target has its value.
    public enum Normalization: String, Sendable, Equatable, CaseIterable {
        /// Nothing: each target keeps its value.
        case none
        /// The targets are divided by their sum so that they add up to 1 (a viseme set); a frame whose targets
        /// are all 0 gives 1 to the first target (the rest shape, e.g. `sil`). Needs ranges within [0, ∞).
        case sumToOne = "sum_to_one"
    }

    /// The output channels, in output order.
    public var targets: [Target]
    /// The per-frame normalisation.
    public var normalization: Normalization

    /// Creates a mapping; targets must be non-empty with distinct names (checked by ``validated()``).
    public init(targets: [Target], normalization: Normalization = .none) {
        self.targets = targets
        self.normalization = normalization
    }

    /// The mapping, or the first problem: an empty target list, a duplicate target, a source channel that is
    /// not an ARKit channel, a non-finite weight, or normalisation over a negative range. The error's key
    /// names the target (`targets.aa.from.JawOpen`).
    public func validated() throws(RetargetMappingError) -> RetargetMapping {
        guard !targets.isEmpty else {
            throw RetargetMappingError(key: "targets", problem: "is empty; list at least one target channel")
        }
        var seen = Set<String>()
        for target in targets {
            let key = "targets.\(target.name)"
            guard !target.name.isEmpty else {
                throw RetargetMappingError(key: "targets", problem: "a target name is empty")
            }
            guard seen.insert(target.name).inserted else {
                throw RetargetMappingError(key: key, problem: "target '\(target.name)' is listed twice")
            }
            var sources = Set<String>()
            for (source, weight) in target.weights {
                let sourceKey = "\(key).from.\(source)"
                guard BlendshapeNames.arkit52.contains(source) else {
                    throw RetargetMappingError(
                        key: sourceKey,
                        problem: "unknown source channel '\(source)'; sources are the ARKit channels: "
                            + BlendshapeNames.arkit51.joined(separator: ", ") + ", TongueOut")
                }
                guard sources.insert(source).inserted else {
                    throw RetargetMappingError(key: sourceKey, problem: "source '\(source)' is listed twice")
                }
                guard weight.isFinite else {
                    throw RetargetMappingError(key: sourceKey, problem: "weight \(weight) is not a finite number")
                }
            }
            if normalization == .sumToOne, target.range.lowerBound < 0 {
                throw RetargetMappingError(
                    key: "\(key).range",
                    problem: "normalize: sum_to_one needs ranges that start at 0 or above, not \(target.range)")
            }
        }
        return self
    }
}

/// The shape of one target: `offset + gain · sign(s) · |s|^exponent` of the weighted sum `s`.
public struct RetargetCurve: Sendable, Equatable {
    /// Multiplies the shaped sum.
    public var gain: Float
    /// Added last (e.g. 1 with weight −1 turns a blink into an eye-open parameter).
    public var offset: Float
    /// Bends the sum: above 1 keeps small values small, below 1 lifts them. Must be positive.
    public var exponent: Float

    /// The identity curve (gain 1, offset 0, exponent 1).
    public static let identity = RetargetCurve(gain: 1, offset: 0, exponent: 1)

    /// Creates a curve.
    public init(gain: Float = 1, offset: Float = 0, exponent: Float = 1) {
        self.gain = gain
        self.offset = offset
        self.exponent = exponent
    }

    /// The curve's value for the weighted sum `sum`.
    @inline(__always)
    func apply(_ sum: Float) -> Float {
        if exponent == 1 { return offset + gain * sum }
        let magnitude = pow(abs(sum), exponent)
        return offset + gain * (sum < 0 ? -magnitude : magnitude)
    }
}

/// A problem inside a mapping: the key (dotted, from the file's root) and what is wrong with it.
public struct RetargetMappingError: Error, Equatable, Sendable {
    /// The dotted key inside the file (`targets.aa.range`).
    public var key: String
    /// What is wrong and what is allowed.
    public var problem: String
}

extension PostprocessAssetLoader {
    /// A retargeting mapping file (format in docs/avatars.md); `configKey` is the key holding `path`. Every
    /// problem names the file, the key inside it and what is wrong.
    func loadRetargetMapping(_ path: String, configKey: String) throws(ConfigError) -> RetargetMapping {
        let file = url(for: path)
        let root = try parseFile(file, configKey: configKey)
        func fail(_ key: String, _ problem: String) -> ConfigError {
            malformed(file, key: key, problem, configKey)
        }
        guard case .mapping(let top) = root else {
            throw fail("", "expected a JSON object with \"targets\" (and optionally \"normalize\")")
        }
        var normalization = RetargetMapping.Normalization.none
        var targetsNode: Node.Mapping?
        for (keyNode, valueNode) in top {
            switch text(keyNode) {
            case "targets":
                guard case .mapping(let targets) = valueNode else {
                    throw fail("targets", "expected a JSON object {target channel: {from, curve, range}}")
                }
                targetsNode = targets
            case "normalize":
                let allowed = RetargetMapping.Normalization.allCases.map(\.rawValue)
                guard let value = text(valueNode), let parsed = RetargetMapping.Normalization(rawValue: value) else {
                    throw fail("normalize", "expected one of \(allowed.joined(separator: ", "))")
                }
                normalization = parsed
            default:
                throw fail("\(keyNode.string ?? "\(keyNode)")", "unknown key; allowed keys: targets, normalize")
            }
        }
        guard let targetsNode else { throw fail("targets", "is missing; list the target channels") }
        var targets: [RetargetMapping.Target] = []
        var seen = Set<String>()
        for (keyNode, valueNode) in targetsNode {
            guard let name = text(keyNode), !name.isEmpty else {
                throw fail("targets.\(keyNode.string ?? "")", "a target name must be a non-empty JSON string")
            }
            guard seen.insert(name).inserted else { throw fail("targets.\(name)", "target '\(name)' is listed twice") }
            targets.append(try retargetTarget(name, valueNode, fail: fail))
        }
        do {
            return try RetargetMapping(targets: targets, normalization: normalization).validated()
        } catch {
            throw fail(error.key, error.problem)
        }
    }

    /// One entry of `targets`: `{"from": {source: weight}, "curve": {...}, "range": [min, max]}`, all optional.
    private func retargetTarget(
        _ name: String, _ node: Node, fail: (String, String) -> ConfigError
    ) throws(ConfigError) -> RetargetMapping.Target {
        let key = "targets.\(name)"
        guard case .mapping(let fields) = node else {
            throw fail(key, "expected a JSON object with from, curve and range (each optional)")
        }
        var target = RetargetMapping.Target(name: name, weights: [])
        for (fieldNode, valueNode) in fields {
            let field = text(fieldNode) ?? fieldNode.string ?? ""
            switch field {
            case "from":
                guard case .mapping(let weights) = valueNode else {
                    throw fail("\(key).from", "expected a JSON object {source channel: weight}")
                }
                for (sourceNode, weightNode) in weights {
                    let source = text(sourceNode) ?? sourceNode.string ?? ""
                    guard let weight = number(weightNode) else {
                        throw fail("\(key).from.\(source)", "the weight must be a number")
                    }
                    target.weights.append((source, weight))
                }
            case "curve":
                target.curve = try retargetCurve(valueNode, key: "\(key).curve", fail: fail)
            case "range":
                guard case .sequence(let bounds) = valueNode, bounds.count == 2,
                    let lower = number(bounds[0]), let upper = number(bounds[1])
                else {
                    throw fail("\(key).range", "expected [min, max], two numbers")
                }
                guard lower < upper else {
                    throw fail("\(key).range", "min \(lower) must be below max \(upper)")
                }
                target.range = lower...upper
            default:
                throw fail("\(key).\(field)", "unknown key; allowed keys: from, curve, range")
            }
        }
        return target
    }

    /// `{"gain": g, "offset": o, "exponent": e}`, each optional; the exponent must be positive.
    private func retargetCurve(
        _ node: Node, key: String, fail: (String, String) -> ConfigError
    ) throws(ConfigError) -> RetargetCurve {
        guard case .mapping(let fields) = node else {
            throw fail(key, "expected a JSON object with gain, offset and exponent (each optional)")
        }
        var curve = RetargetCurve.identity
        for (fieldNode, valueNode) in fields {
            let field = text(fieldNode) ?? fieldNode.string ?? ""
            guard let value = number(valueNode) else { throw fail("\(key).\(field)", "expected a number") }
            switch field {
            case "gain": curve.gain = value
            case "offset": curve.offset = value
            case "exponent":
                guard value > 0 else { throw fail("\(key).exponent", "exponent \(value) must be above 0") }
                curve.exponent = value
            default:
                throw fail("\(key).\(field)", "unknown key; allowed keys: gain, offset, exponent")
            }
        }
        return curve
    }
}
