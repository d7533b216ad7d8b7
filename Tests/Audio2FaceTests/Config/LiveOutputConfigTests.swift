import Testing

@testable import Audio2Face

@Suite struct LiveOutputConfigTests {
    /// The error `yaml` is refused with, as text (empty when it is accepted).
    private func refusal(_ yaml: String) -> String {
        do {
            _ = try ServiceConfig.parse(yaml: yaml)
            return ""
        } catch {
            return error.description
        }
    }

    @Test("named outputs are read with their kind, host, port and profile; port 0 means the kind's usual port")
    func reads() throws {
        let config = try ServiceConfig.parse(
            yaml: """
                outputs:
                  vseeface: {kind: vmc, host: 192.168.1.20, port: 39540, profile: mmd-default}
                  unreal: {kind: livelink}
                """)
        let vseeface = try #require(config.outputs["vseeface"])
        #expect(vseeface.kind == .vmc)
        #expect(vseeface.host == "192.168.1.20")
        #expect(vseeface.effectivePort == 39_540)
        #expect(vseeface.profile == "mmd-default")
        let unreal = try #require(config.outputs["unreal"])
        #expect(unreal.kind == .livelink)
        #expect(unreal.effectivePort == 11_111)
        #expect(ServiceConfig().outputs.isEmpty)
    }

    @Test("an unknown profile, kind or key, a bad port and an empty host are refused naming the key")
    func refusals() {
        #expect(refusal("outputs: {a: {profile: nope}}").contains("outputs.a.profile"))
        #expect(refusal("outputs: {a: {profile: nope}}").contains("arkit-default"))
        #expect(refusal("outputs: {a: {kind: osc}}").contains("outputs.a.kind"))
        #expect(refusal("outputs: {a: {kind: osc}}").contains("vmc, livelink"))
        #expect(refusal("outputs: {a: {port: 70000}}").contains("outputs.a.port"))
        #expect(refusal("outputs: {a: {host: ''}}").contains("outputs.a.host"))
        #expect(refusal("outputs: {a: {adress: x}}").contains("outputs.a.adress"))
    }
}
