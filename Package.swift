// swift-tools-version:6.1
import PackageDescription

/// House rules for every Swift target: existentials spelled `any`, and members visible only from
/// modules a file imports itself.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Audio2Face",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Audio2Face", targets: ["Audio2Face"]),
        .library(name: "Audio2FaceClient", targets: ["Audio2FaceClient"]),
        .library(name: "Audio2FaceServer", targets: ["Audio2FaceServer"]),
        .executable(name: "audio2face", targets: ["Audio2FaceCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
    ],
    targets: [
        .target(name: "OnnxRuntime", swiftSettings: swiftSettings),
        .target(name: "CMallocTuning"),
        // The stream vocabulary shared by the core and the client library: audio formats and WAV files,
        // clips, client events and stream outputs. No dependencies.
        .target(name: "Audio2FaceTypes", swiftSettings: swiftSettings),
        // What an app needs to stream to the service: the seed protocol's codec and StreamClient over
        // a WebSocket client; neither Hummingbird's server nor the engines.
        .target(
            name: "Audio2FaceClient",
            dependencies: [
                "Audio2FaceTypes",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // NVIDIA's Audio2Face-3D gRPC API and gRPC health checking: messages and service code generated
        // from Protos/ by scripts/generate-proto.sh, for the server's adapter and the CLI's client.
        .target(
            name: "NvidiaA2FProtocol",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Audio2Face",
            dependencies: [
                "Audio2FaceTypes",
                "OnnxRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Audio2FaceServer",
            dependencies: [
                "Audio2Face",
                "Audio2FaceClient",
                "CMallocTuning",
                "NvidiaA2FProtocol",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "Audio2FaceCLI",
            dependencies: [
                "Audio2Face",
                "Audio2FaceClient",
                "Audio2FaceServer",
                "NvidiaA2FProtocol",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Audio2FaceTestSupport",
            dependencies: ["Audio2Face", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "Audio2FaceTests",
            dependencies: ["Audio2Face", "Audio2FaceTestSupport", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "Audio2FaceCLITests",
            dependencies: [
                "Audio2FaceCLI", "Audio2Face", "Audio2FaceClient", "Audio2FaceServer", "Audio2FaceTestSupport",
                "NvidiaA2FProtocol",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Only the client library and its vocabulary: proves an app can use them without the server.
        .testTarget(
            name: "Audio2FaceClientTests",
            dependencies: ["Audio2FaceClient", "Audio2FaceTypes"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OnnxRuntimeTests",
            dependencies: ["OnnxRuntime", "Audio2Face"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "Audio2FaceServerTests",
            dependencies: [
                "Audio2Face",
                "Audio2FaceClient",
                "Audio2FaceServer",
                "Audio2FaceTestSupport",
                "NvidiaA2FProtocol",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
