import Audio2Face
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import Logging
import Testing

@testable import Audio2FaceCLI

/// A short fuzz run on every test run (the long runs are reported in docs/operations.md): the stored
/// corpus, including every past finding, and 20,000 generated inputs per target.
@Suite struct FuzzTests {
    @Test("the corpus and 20,000 generated inputs per target break no promise")
    func shortRun() throws {
        let parts = try ServiceParts(
            config: ServiceConfig(), baseDirectory: TestRepository.root, logger: Logger(label: "fuzz"))
        let runner = FuzzRunner(
            environment: parts.environment, seed: 20_261_125, corpusFolder: TestRepository.url("Tests/Fuzz/corpus"))
        let summary = try runner.run(targets: FuzzCorpus.Target.allCases, inputs: 20_000)
        #expect(summary.findings.isEmpty, "\(summary.findings.prefix(5))")
        for target in FuzzCorpus.Target.allCases { #expect(summary.inputsRun[target, default: 0] >= 20_000) }
    }
}
