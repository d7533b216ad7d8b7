import Testing

@testable import Audio2FaceServer

/// When the service hands freed memory back: only well above the smallest size it has seen.
@Suite struct MemoryTrimPolicyTests {
    private static let megabyte = 1 << 20

    /// The policy's answers to `sizes` (in MB), checked one after another.
    private static func decisions(_ policy: inout MemoryTrimPolicy, _ sizes: [Int]) -> [Bool] {
        sizes.map { policy.shouldTrim(residentBytes: $0 * megabyte) }
    }

    @Test("no trim at the baseline or for small growth; a trim once growth passes both thresholds")
    func thresholds() {
        var policy = MemoryTrimPolicy(growthFraction: 0.05, minimumGrowthBytes: 2 * Self.megabyte)
        // 40: the first check sets the baseline; 41: under 2 MB; 42: 2 MB but exactly 5 %, not more.
        #expect(Self.decisions(&policy, [40, 41, 42, 60]) == [false, false, false, true])
        policy.trimmed(residentBytes: 45 * Self.megabyte)  // what the trim could not release stays above
        #expect(policy.baseline == 40 * Self.megabyte)
        #expect(Self.decisions(&policy, [45]) == [true])  // still 12 % above: tried again later
    }

    @Test("the baseline follows the smallest size seen, at checks and after trims")
    func baselineFollowsTheMinimum() {
        var policy = MemoryTrimPolicy(growthFraction: 0.05, minimumGrowthBytes: 1)
        _ = Self.decisions(&policy, [50, 44])
        #expect(policy.baseline == 44 * Self.megabyte)
        policy.trimmed(residentBytes: 42 * Self.megabyte)
        #expect(policy.baseline == 42 * Self.megabyte)
        #expect(Self.decisions(&policy, [44, 45]) == [false, true])
    }
}
