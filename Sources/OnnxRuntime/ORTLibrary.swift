import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loaded ONNX Runtime shared library and its C function table.
///
/// The library is found at run time (`dlopen`), never linked: an explicit path, else the
/// `A2F_ONNXRUNTIME_LIB` environment variable, else `.local/onnxruntime` (where
/// `scripts/install-onnxruntime.sh` installs the pinned wheel) in the current directory or any parent of
/// it or of the given search directories, else the system loader's `libonnxruntime.so`. The library is
/// never unloaded: ORT keeps process-wide state (its default logger, thread pools) that must outlive
/// every object made from it.
public final class ORTLibrary: @unchecked Sendable {  // immutable after init: a dlopen handle and a read-only C table
    /// The ORT version `scripts/install-onnxruntime.sh` installs and the project is tested with.
    public static let expectedVersion = "1.23.2"
    /// The environment variable that names the library file, overriding the search.
    public static let pathEnvironmentVariable = "A2F_ONNXRUNTIME_LIB"
    /// Where the install script puts the wheel, relative to the project root.
    public static let localInstallDirectory = ".local/onnxruntime/onnxruntime/capi"

    /// The file that was loaded.
    public let path: String
    /// ORT's version string, e.g. `1.23.2`.
    public let version: String
    let api: ORTAPI
    private let liveObjects = Atomic<Int>(0)

    private init(path: String, version: String, api: ORTAPI) {
        self.path = path
        self.version = version
        self.api = api
    }

    /// Loads ONNX Runtime from `path` when given (relative paths are taken from the current directory),
    /// else from `A2F_ONNXRUNTIME_LIB`, else from the first `libonnxruntime.so*` found in
    /// `.local/onnxruntime` above the current directory or `searchDirectories`.
    ///
    /// An explicit path or the environment variable is used alone: when it fails the error says so rather
    /// than silently loading some other copy.
    public static func load(path: String? = nil, searchDirectories: [URL] = []) throws(ORTError) -> ORTLibrary {
        if let path, !path.isEmpty {
            return try open(candidates: [path], searched: [])
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment[pathEnvironmentVariable], !fromEnvironment.isEmpty
        {
            return try open(candidates: [fromEnvironment], searched: [])
        }
        let roots = searchRoots(searchDirectories)
        var candidates = localInstallCandidates(roots: roots)
        candidates.append("libonnxruntime.so")
        return try open(candidates: candidates, searched: roots)
    }

    /// The `libonnxruntime.so*` files in `.local/onnxruntime` above the current directory and
    /// `searchDirectories`, nearest first, newest version first within a folder.
    public static func localInstallCandidates(searchDirectories: [URL] = []) -> [String] {
        localInstallCandidates(roots: searchRoots(searchDirectories))
    }

    private static func searchRoots(_ searchDirectories: [URL]) -> [String] {
        var roots = [FileManager.default.currentDirectoryPath]
        roots += searchDirectories.map { $0.standardizedFileURL.path }
        var seen = Set<String>()
        return roots.filter { seen.insert($0).inserted }
    }

    private static func localInstallCandidates(roots: [String]) -> [String] {
        var found: [String] = []
        var visited = Set<String>()
        for root in roots {
            var directory = URL(fileURLWithPath: root).standardizedFileURL
            while true {
                if visited.insert(directory.path).inserted {
                    let folder = directory.appendingPathComponent(localInstallDirectory)
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                    let libraries = names.filter { $0.hasPrefix("libonnxruntime.so") }
                        .sorted { $0.count != $1.count ? $0.count > $1.count : $0 > $1 }
                    found += libraries.map { folder.appendingPathComponent($0).path }
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return found
    }

    private static func open(candidates: [String], searched: [String]) throws(ORTError) -> ORTLibrary {
        var attempts: [String] = []
        if !searched.isEmpty {
            attempts.append(
                "\(localInstallDirectory)/libonnxruntime.so* above \(searched.joined(separator: ", ")): "
                    + (candidates.count > 1 ? "found \(candidates.count - 1)" : "none"))
        }
        for candidate in candidates {
            _ = dlerror()
            guard let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) else {
                let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
                attempts.append("\(candidate): \(reason)")
                continue
            }
            return try bind(handle: handle, path: candidate)
        }
        throw .libraryNotFound(attempts: attempts)
    }

    private static func bind(handle: UnsafeMutableRawPointer, path: String) throws(ORTError) -> ORTLibrary {
        guard let symbol = dlsym(handle, "OrtGetApiBase") else {
            dlclose(handle)
            throw .libraryUnusable(path: path, reason: "it does not export OrtGetApiBase")
        }
        typealias GetApiBase = @convention(c) () -> UnsafeRawPointer?
        typealias GetApi = @convention(c) (UInt32) -> UnsafeRawPointer?
        typealias GetVersionString = @convention(c) () -> UnsafePointer<CChar>?
        guard let base = unsafeBitCast(symbol, to: GetApiBase.self)() else {
            throw .libraryUnusable(path: path, reason: "OrtGetApiBase returned NULL")
        }
        let pointerSize = MemoryLayout<UnsafeRawPointer>.stride
        let getApi = unsafeBitCast(base.load(fromByteOffset: 0, as: UnsafeRawPointer.self), to: GetApi.self)
        let getVersion = unsafeBitCast(
            base.load(fromByteOffset: pointerSize, as: UnsafeRawPointer.self), to: GetVersionString.self)
        let version = getVersion().map { String(cString: $0) } ?? "unknown"
        guard let table = getApi(ORTAPI.requiredVersion) else {
            throw .libraryUnusable(
                path: path,
                reason: "its version \(version) lacks C API version \(ORTAPI.requiredVersion) (need ONNX Runtime "
                    + "1.\(ORTAPI.requiredVersion) or newer, tested with \(expectedVersion))")
        }
        // The handle is deliberately never closed (see the type's documentation).
        return ORTLibrary(path: path, version: version, api: ORTAPI(table: table))
    }

    /// ORT's build description (git commit, build type).
    public var buildInfo: String {
        api.getBuildInfoString().map { String(cString: $0) } ?? ""
    }

    /// The execution providers this build of ORT contains, e.g. `CPUExecutionProvider`,
    /// `CUDAExecutionProvider` (present in the build does not mean usable: CUDA also needs its libraries
    /// and a GPU, which only creating a session shows).
    public func availableProviders() throws(ORTError) -> [String] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var count: Int32 = 0
        try api.check(api.getAvailableProviders(&names, &count), "GetAvailableProviders")
        defer { _ = api.releaseAvailableProviders(names, count) }
        return (0..<Int(count)).compactMap { names?[$0].map { String(cString: $0) } }
    }

    /// How many ORT objects made through this library instance are alive now (environments, sessions,
    /// values, options, type infos…). It returns to its earlier value once those are released; tests use
    /// it to prove that every object is released exactly once.
    public var liveObjectCount: Int { liveObjects.load(ordering: .relaxed) }

    /// Records that an ORT object was created (returns it unwrapped for convenience).
    func adopt(_ pointer: OpaquePointer?, _ operation: StaticString) throws(ORTError) -> OpaquePointer {
        guard let pointer else {
            throw .runtime(operation: "\(operation)", code: .fail, message: "returned no object")
        }
        didCreate()
        return pointer
    }

    /// Records that ORT handed over `count` new objects.
    func didCreate(_ count: Int = 1) {
        liveObjects.add(count, ordering: .relaxed)
    }

    /// Records that an ORT object was released.
    func didRelease() {
        liveObjects.subtract(1, ordering: .relaxed)
    }
}
