/// ORT's process-wide environment (`OrtEnv`): logging and the global state sessions are made in.
///
/// Make one and share it; every session keeps its environment alive.
public final class ORTEnvironment: @unchecked Sendable {  // OrtEnv is thread-safe and the handle never changes
    /// The library this environment was made from.
    public let library: ORTLibrary
    let handle: OpaquePointer

    /// Creates the environment; ORT logs messages of `logLevel` and above to standard error.
    public init(library: ORTLibrary, logLevel: ORTLoggingLevel = .warning, logID: String = "audio2face")
        throws(ORTError)
    {
        self.library = library
        var env: OpaquePointer?
        try library.api.check(library.api.createEnv(logLevel.rawValue, logID, &env), "CreateEnv")
        handle = try library.adopt(env, "CreateEnv")
    }

    deinit {
        library.api.releaseEnv(handle)
        library.didRelease()
    }
}

/// ORT's `OrtLoggingLevel`.
public enum ORTLoggingLevel: Int32, Sendable, CaseIterable {
    case verbose = 0
    case info, warning, error, fatal
}
