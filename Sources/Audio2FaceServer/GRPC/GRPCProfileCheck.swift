import Audio2Face
import NvidiaA2FProtocol

/// Checks at start-up that `grpc.profile` can feed NVIDIA's clients: a configured profile whose output,
/// for the engine's channels, holds every ARKit shape NVIDIA sends (`TongueOut` may be missing: it is
/// then sent as 0).
enum GRPCProfileCheck {
    static func validate(
        profile: String, library: PostprocessLibrary, engineChannelNames: [String]
    ) throws(ConfigError) {
        guard library.profileNames.contains(profile) else {
            throw .invalidValue(
                key: "grpc.profile",
                message: "'\(profile)' is not a configured profile; use an ARKit profile of postprocess.profiles: "
                    + library.profileNames.joined(separator: ", "))
        }
        let outputNames =
            (try? library.pipeline(forProfile: profile).pipeline.outputNames(forInput: engineChannelNames)) ?? []
        let indices = NvidiaFrameSink.sourceIndices(nvidiaNames: NvidiaBlendShapeNames.all, ourNames: outputNames)
        let missing = zip(NvidiaBlendShapeNames.all, indices).filter { $0.1 == nil && $0.0 != "TongueOut" }.map(\.0)
        guard missing.isEmpty else {
            throw .invalidValue(
                key: "grpc.profile",
                message:
                    "profile '\(profile)' does not output ARKit channels (missing \(missing.prefix(5).joined(separator: ", "))"
                    + (missing.count > 5 ? ", …" : "") + "); use an ARKit profile such as arkit-default")
        }
    }
}
