import Audio2Face
import Audio2FaceServer
import Audio2FaceTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Audio2FaceServer

/// `GET /demo`, `GET /demo/{file}` and `GET /api/v1/info`: the page and its files with their content types,
/// nothing outside the demo folder, the API key rules, and the info document.
@Suite(.timeLimit(.minutes(2))) struct DemoRoutesTests {
    static let key = "demo-test-key-4b1d"
    /// The files the page loads (index.html's loader and the worklet), all shipped in assets/demo.
    static let pageFiles = [
        "demo.js", "face.js", "timeline.js", "curves.js", "wav.js", "audio2face.js", "pcm-worklet.js",
    ]

    private static func authParts() throws -> ServiceParts {
        var config = ServiceConfig()
        config.auth.enabled = true
        config.auth.keysFile = ""
        config.auth.keysEnvironmentVariable = "A2F_TEST_KEYS_UNUSED"
        return try ServerHarness.parts(config: config, apiKeys: APIKeyStore(keys: [key]))
    }

    @Test("/demo serves the page; every file it loads is served with its content type")
    func pageAndFiles() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            try await client.execute(uri: "/demo", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let page = String(buffer: response.body)
                #expect(page.contains(#"<canvas id="face""#))
                for name in Self.pageFiles where name != "pcm-worklet.js" {
                    #expect(page.contains("'\(name)'"), "index.html does not load \(name)")
                }
                #expect(page.contains("demo.css"))
            }
            for name in Self.pageFiles {
                try await client.execute(uri: "/demo/\(name)", method: .get) { response in
                    #expect(response.status == .ok, "\(name)")
                    #expect(response.headers[.contentType] == "text/javascript; charset=utf-8", "\(name)")
                    #expect(response.body.readableBytes > 200, "\(name) is nearly empty")
                }
            }
            try await client.execute(uri: "/demo/demo.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
            }
            let faceModule = try String(
                contentsOf: TestRepository.url("assets/demo/face.js"), encoding: .utf8)
            try await client.execute(uri: "/demo/face.js", method: .get) { response in
                #expect(String(buffer: response.body) == faceModule)
            }
        }
    }

    @Test("names outside the demo folder, unknown files and encoded traversals are 404")
    func noTraversal() async throws {
        try await ServerHarness.withServer(try ServerHarness.parts()) { client in
            for uri in [
                "/demo/..%2Fblinks", "/demo/..%2F..%2FPackage.swift", "/demo/%2e%2e%2fREADME.md",
                "/demo/../configs/default.yaml", "/demo/missing.js", "/demo/.hidden.js", "/demo/face.js.bak",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri) answered \(response.status)")
                    #expect(!String(buffer: response.body).contains("default_profile"), "\(uri)")
                }
            }
        }
    }

    @Test("with auth on: the page, its files and /api/v1/info need the key; ?token= is accepted")
    func behindTheAPIKey() async throws {
        try await ServerHarness.withServer(try Self.authParts()) { client in
            for path in ["/demo", "/demo/face.js", InfoRoutes<BasicRequestContext>.path] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(path) without a key")
                }
                try await client.execute(uri: "\(path)?token=wrong", method: .get) { response in
                    #expect(response.status == .unauthorized, "\(path) with a wrong token")
                }
                try await client.execute(uri: "\(path)?token=\(Self.key)", method: .get) { response in
                    #expect(response.status == .ok, "\(path) with the token")
                }
                try await client.execute(
                    uri: path, method: .get, headers: [.authorization: "Bearer \(Self.key)"]
                ) { response in
                    #expect(response.status == .ok, "\(path) with the key as a Bearer header")
                }
            }
        }
    }

    @Test("/api/v1/info: engine, profiles with their family and presets, frame rate, dtype, version")
    func info() async throws {
        var config = ServiceConfig()
        config.streaming.dtype = .float32
        try await ServerHarness.withServer(try ServerHarness.parts(config: config)) { client in
            try await client.execute(uri: "/api/v1/info", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let info = try JSONDecoder().decode(ServiceInfo.self, from: Data(response.body.readableBytesView))
                #expect(info.version == Audio2FaceVersion.current)
                #expect(info.engine == ServiceInfo.Engine(kind: "builtin", channelCount: 51))
                #expect(info.framesPerSecond == 30)
                #expect(info.dtype == "float32")
                #expect(info.websocketPath == "/api/v1/streaming_audio2face/ws")
                #expect(info.defaultProfile == "arkit-default")
                #expect(info.profiles.map(\.name) == PostprocessConfig.defaultProfiles.map(\.name))
                let arkit = try #require(info.profiles.first { $0.name == "arkit-default" })
                #expect(arkit.family == "arkit")
                #expect(arkit.channelNames == BlendshapeNames.arkit51)
                #expect(arkit.emotionPresets.contains("happiness_3"))
                #expect(arkit.emotionPresets.count == 28)
                let mmd = try #require(info.profiles.first { $0.name == "mmd-default" })
                #expect(mmd.family == "mmd")
                #expect(mmd.channelNames.count == 61)
                #expect(info.emotionPresets == Set(info.profiles.flatMap(\.emotionPresets)).sorted())
            }
        }
    }

    @Test("profile family: ARKit only when every channel is an ARKit blendshape")
    func family() {
        #expect(ServiceInfo.family(of: BlendshapeNames.arkit51) == "arkit")
        #expect(ServiceInfo.family(of: ["JawOpen", "TongueOut"]) == "arkit")
        #expect(ServiceInfo.family(of: ["JawOpen", "あ"]) == "mmd")
        #expect(ServiceInfo.family(of: []) == "mmd")
    }

    @Test("DemoFiles serves only known extensions directly in its folder and names a missing page's folder")
    func demoFilesFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("demo-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "export {}".write(to: folder.appendingPathComponent("page.js"), atomically: true, encoding: .utf8)
        try "secret".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try "x".write(to: folder.appendingPathComponent(".hidden.js"), atomically: true, encoding: .utf8)
        try "x".write(to: folder.appendingPathComponent("sub/inner.js"), atomically: true, encoding: .utf8)

        let files = DemoFiles(folder: folder)
        #expect(files.files.keys.sorted() == ["page.js"])
        #expect(try files.response(for: "page.js").headers[.contentType] == "text/javascript; charset=utf-8")
        for name in ["notes.txt", ".hidden.js", "inner.js", "sub"] {
            #expect(throws: HTTPError.self, "\(name)") { try files.response(for: name) }
        }
        let missingPage = #expect(throws: HTTPError.self) { try files.response(for: DemoFiles.pageName) }
        #expect(missingPage?.body?.contains(folder.path) == true)
        #expect(DemoFiles.contentType(of: "index.HTML") == "text/html; charset=utf-8")
        #expect(DemoFiles.contentType(of: "README") == nil)
        #expect(DemoFiles.contentType(of: ".js") == nil)
    }

    @Test("the demo folder: <assets>/demo, or the shipped one when a configured assets folder has none")
    func demoFolderLocation() throws {
        let shipped = TestRepository.url("assets")
        #expect(
            ShippedAssets.demoFolder(assetsFolder: shipped).standardizedFileURL.path
                == shipped.appendingPathComponent("demo").path)
        let own = FileManager.default.temporaryDirectory.appendingPathComponent("own-assets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: own) }
        let found = ShippedAssets.demoFolder(assetsFolder: own)
        #expect(found.lastPathComponent == "demo")
        #expect(FileManager.default.fileExists(atPath: found.appendingPathComponent("index.html").path))
    }
}
