import Foundation
import Testing

@testable import Audio2FaceServer

@Suite struct MallocArenaLimitTests {
    /// This test process links the same C target as `audio2face`, so its constructor ran at load.
    @Test("the arena cap is set while the process loads, unless MALLOC_ARENA_MAX was given")
    func setAtLoad() {
        let environment = ProcessInfo.processInfo.environment
        if let value = environment["MALLOC_ARENA_MAX"], !value.isEmpty {
            #expect(MallocArenaLimit.current() == .leftToEnvironment(value: value))
        } else {
            #expect(MallocArenaLimit.current() == .limited(arenaCount: 2))
        }
    }
}
