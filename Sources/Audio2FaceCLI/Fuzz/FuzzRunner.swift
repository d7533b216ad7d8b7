import Audio2Face
import Foundation

/// Runs the fuzz targets: first every stored corpus input, then `inputs` generated ones per target.
/// Input `i` of a target is regenerated from the seed and `i` alone, so a finding can be replayed
/// (`audio2face fuzz --target T --first i --inputs 1`) even after a crash.
struct FuzzRunner {
    struct Finding: Sendable, CustomStringConvertible {
        var target: FuzzCorpus.Target
        var source: String
        var problem: String
        var bytes: [UInt8]

        var description: String {
            "\(target.rawValue) \(source): \(problem) [\(bytes.prefix(64).map { String(format: "%02x", $0) }.joined())]"
        }
    }

    struct Summary: Sendable {
        var inputsRun: [FuzzCorpus.Target: Int] = [:]
        var findings: [Finding] = []
    }

    let environment: StreamEnvironment
    var seed: UInt64 = 1
    var corpusFolder: URL?

    func run(targets: [FuzzCorpus.Target], inputs: Int, first: Int = 0, progress: (String) -> Void = { _ in }) throws
        -> Summary
    {
        var summary = Summary()
        for target in targets {
            let stored = try FuzzCorpus.stored(for: target, in: corpusFolder)
            for (name, bytes) in stored {
                if let problem = check(target, bytes) {
                    summary.findings.append(
                        Finding(target: target, source: "corpus \(name)", problem: problem, bytes: bytes))
                }
            }
            let mutator = FuzzMutator(corpus: FuzzCorpus.seeds(for: target) + stored.map(\.bytes))
            let targetSeed = seed &* 31 &+ UInt64(FuzzCorpus.Target.allCases.firstIndex(of: target) ?? 0)
            for index in first..<(first + inputs) {
                var random = SplitMix64(seed: targetSeed &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
                let bytes = mutator.input(using: &random)
                if let problem = check(target, bytes) {
                    summary.findings.append(
                        Finding(target: target, source: "input \(index)", problem: problem, bytes: bytes))
                }
                if (index + 1) % 100_000 == 0 { progress("\(target.rawValue): \(index + 1) inputs") }
            }
            summary.inputsRun[target] = stored.count + inputs
        }
        return summary
    }

    private func check(_ target: FuzzCorpus.Target, _ bytes: [UInt8]) -> String? {
        switch target {
        case .wire: FuzzTargets.wireDecoder(bytes)
        case .pcm: FuzzTargets.pcmDecoder(bytes)
        case .session: FuzzTargets.streamSession(bytes, environment: environment)
        }
    }

    /// Stores `finding` as a regression input under the corpus folder.
    func keep(_ finding: Finding) throws {
        guard let corpusFolder else { return }
        let directory = corpusFolder.appendingPathComponent(finding.target.rawValue)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = "finding-seed\(seed)-\(finding.source.replacingOccurrences(of: " ", with: "-")).bin"
        try Data(finding.bytes).write(to: directory.appendingPathComponent(name))
    }
}
