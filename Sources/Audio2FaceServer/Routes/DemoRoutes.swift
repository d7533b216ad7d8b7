import Audio2Face
import Foundation
import Hummingbird

/// `GET /demo`: the browser demo (a live face driven by the microphone or a WAV file over the streaming
/// WebSocket), and `GET /demo/{file}`: its scripts and styles. Only the files ``DemoFiles`` read from the
/// demo folder at start-up are served, each with its content type; any other name is 404, so no path can
/// reach outside the folder. The routes sit behind the router's API key and CORS middleware like the rest
/// of the API; the page passes its `?token=` on to everything it loads.
struct DemoRoutes<Context: RequestContext>: Sendable {
    let files: DemoFiles

    /// The demo of the service's asset folder (see ``ShippedAssets/demoFolder(assetsFolder:executable:)``).
    init(parts: ServiceParts) {
        files = DemoFiles(folder: ShippedAssets.demoFolder(assetsFolder: parts.environment.postprocess.assetsFolder))
    }

    init(files: DemoFiles) {
        self.files = files
    }

    func register(on router: Router<Context>) {
        let files = files
        router.get("/demo") { _, _ in try files.response(for: DemoFiles.pageName) }
        router.get("/demo/{file}") { _, context -> Response in
            let name = try context.parameters.require("file")
            return try files.response(for: name)
        }
    }
}

/// The demo's files (`<assets>/demo`), read into memory once: the folder is small and fixed while the
/// service runs, and serving from memory keeps blocking file reads out of the request handlers.
struct DemoFiles: Sendable {
    /// One servable file.
    struct File: Sendable {
        var contentType: String
        var bytes: ByteBuffer
    }

    /// The page `GET /demo` answers.
    static let pageName = "index.html"

    /// Content types of the extensions the demo uses; files with other extensions are not served.
    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "svg": "image/svg+xml",
        "png": "image/png",
    ]

    /// The folder the files came from (named in the 404 when the page itself is missing).
    let folder: URL
    /// File name → content, for the servable files directly in ``folder``.
    let files: [String: File]
    /// File name → why it could not be read at start-up; asking for one of these names answers the reason.
    let unreadable: [String: String]

    /// Reads every servable file directly in `folder` (symbolic links followed; sub-folders, hidden files
    /// and unknown extensions skipped). A missing folder gives no files and an unreadable file is left out,
    /// so the rest of the service starts regardless; the 404 for either names the problem.
    init(folder: URL) {
        self.folder = folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var files: [String: File] = [:]
        var unreadable: [String: String] = [:]
        for name in names.sorted() where !name.hasPrefix(".") {
            guard let contentType = Self.contentType(of: name) else { continue }
            let url = folder.appendingPathComponent(name)
            do {
                files[name] = File(contentType: contentType, bytes: ByteBuffer(bytes: try Data(contentsOf: url)))
            } catch {
                unreadable[name] = "\(error)"
            }
        }
        self.files = files
        self.unreadable = unreadable
    }

    /// The content type served for `name`, nil for extensions the demo does not use.
    static func contentType(of name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return contentTypes[name[name.index(after: dot)...].lowercased()]
    }

    /// The file `name` with its content type, or 404 for a name that is not one of the files.
    func response(for name: String) throws -> Response {
        guard let file = files[name] else {
            if let reason = unreadable[name] {
                throw HTTPError(.notFound, message: "demo file \(name) could not be read at start-up: \(reason)")
            }
            throw HTTPError(
                .notFound,
                message: name == Self.pageName
                    ? "the demo page is missing: no \(name) in \(folder.path)" : "no demo file '\(name)'")
        }
        return Response(
            status: .ok, headers: [.contentType: file.contentType, .cacheControl: "no-cache"],
            body: .init(byteBuffer: file.bytes))
    }
}
