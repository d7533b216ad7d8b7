/// The version of this build of Audio2Face, reported by `GET /api/v1/info` so that a client can tell which
/// service answers it. Raised by hand with each release.
public enum Audio2FaceVersion {
    /// Semantic version of the service, library and CLI.
    public static let current = "0.15.0"
}
