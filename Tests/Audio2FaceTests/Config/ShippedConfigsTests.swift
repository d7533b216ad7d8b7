import Audio2Face
import Audio2FaceTestSupport
import Foundation
import Testing

/// Every config in `configs/` serves the reference service's clients: the six character profiles with the
/// MMD modules, and a default profile that exists.
@Suite struct ShippedConfigsTests {
    static let configFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestRepository.url("configs").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test("the shipped configs include the default and the reference-compatible one")
    func configList() {
        #expect(Self.configFiles.contains("default.yaml"))
        #expect(Self.configFiles.contains("reference-compatible.yaml"))
        #expect(Self.configFiles.count >= 5)
    }

    @Test(
        "every shipped config has the six character profiles, each with mmd-default's modules", arguments: configFiles)
    func characterProfiles(file: String) throws {
        let config = try ServiceConfig.load(fromFile: TestRepository.url("configs/\(file)").path)
        let profiles = config.postprocess.profiles
        let mmd = try #require(profiles.first { $0.name == "mmd-default" })
        #expect(
            mmd.modules == [
                "unitalker_clip", "arkit_to_mmd", "mmd_jaw_blend", "mmd_mouth_scale", "mmd_emotion_offset",
                "mmd_emotion_blink",
            ])
        for name in ReferenceMMDNames.characterProfiles {
            let profile = try #require(profiles.first { $0.name == name }, "\(file) lacks \(name)")
            #expect(profile.modules == mmd.modules, "\(file): \(name)")
        }
        #expect(profiles.map(\.name).contains(config.streaming.defaultProfile))
        _ = try PostprocessLibrary(
            config: config.postprocess, defaultProfile: config.streaming.defaultProfile,
            baseDirectory: TestRepository.root)
    }

    @Test(
        "every shipped config has the retargeted profiles (vrm, vrm0, ovr-visemes, live2d) with the built-in default's modules and mapping files",
        arguments: configFiles)
    func retargetedProfiles(file: String) throws {
        let config = try ServiceConfig.load(fromFile: TestRepository.url("configs/\(file)").path)
        for expected in PostprocessConfig.default.profiles
        where PostprocessConfig.retargetedProfileNames.contains(expected.name) {
            let profile = try #require(config.postprocess.profiles.first { $0.name == expected.name }, "\(file)")
            #expect(profile.modules == expected.modules, "\(file): \(expected.name)")
            for module in profile.modules {
                #expect(
                    config.postprocess.modules[module] == PostprocessConfig.default.modules[module],
                    "\(file): \(module)")
            }
        }
    }

    @Test("reference-compatible.yaml is default.yaml with default_profile KQ-default")
    func referenceCompatible() throws {
        let reference = try ServiceConfig.load(fromFile: TestRepository.url("configs/reference-compatible.yaml").path)
        let standard = try ServiceConfig.load(fromFile: TestRepository.url("configs/default.yaml").path)
        #expect(reference.streaming.defaultProfile == "KQ-default")
        #expect(standard.streaming.defaultProfile == "arkit-default")
        var aligned = reference
        aligned.streaming.defaultProfile = standard.streaming.defaultProfile
        #expect(aligned == standard)
    }

    @Test("default_profile defaults to arkit-default and is read from streaming.default_profile")
    func defaultProfileKey() throws {
        #expect(ServiceConfig().streaming.defaultProfile == "arkit-default")
        let config = try ServiceConfig.parse(yaml: "streaming:\n  default_profile: HT-default\n")
        #expect(config.streaming.defaultProfile == "HT-default")
    }
}
