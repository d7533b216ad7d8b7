import Audio2Face
import Foundation
import Hummingbird

/// `GET /api/v1/info`: what this service offers, as JSON, for the browser demo and other clients that
/// build their controls from the server (engine, profiles with their channel family and emotion presets,
/// frame rate, data type, version).
struct InfoRoutes<Context: RequestContext>: Sendable {
    static var path: String { "/api/v1/info" }

    /// The document; nothing in it changes while the service runs.
    let info: ServiceInfo

    func register(on router: Router<Context>) {
        let info = info
        router.get(RouterPath(Self.path)) { _, _ -> Response in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(info))))
        }
    }
}

/// The body of `GET /api/v1/info` (keys in snake case).
struct ServiceInfo: Codable, Equatable, Sendable {
    /// The engine that computes every stream's frames.
    struct Engine: Codable, Equatable, Sendable {
        /// `builtin` or `unitalker` (`engine.kind`).
        var kind: String
        /// How many channels the engine produces before postprocessing.
        var channelCount: Int

        enum CodingKeys: String, CodingKey {
            case kind
            case channelCount = "channel_count"
        }
    }

    /// One postprocess profile a stream may ask for by `profile_name`.
    struct Profile: Codable, Equatable, Sendable {
        /// The profile's name.
        var name: String
        /// `arkit` when every output channel is an ARKit blendshape (the demo face draws these), `mmd`
        /// otherwise (MMD morphs).
        var family: String
        /// The channels of this profile's frames, in order.
        var channelNames: [String]
        /// The `offset_name` values (emotion presets) this profile knows, sorted.
        var emotionPresets: [String]

        enum CodingKeys: String, CodingKey {
            case name, family
            case channelNames = "channel_names"
            case emotionPresets = "emotion_presets"
        }
    }

    var version: String
    var engine: Engine
    var profiles: [Profile]
    /// The profile that answers an empty or unknown `profile_name`.
    var defaultProfile: String
    /// Every preset of every profile, sorted; a preset a profile lacks leaves its frames unchanged.
    var emotionPresets: [String]
    var framesPerSecond: Double
    /// `float16` or `float32`: the element type of the frames' data.
    var dtype: String
    /// Where streams connect (`ws://host:port` + this path).
    var websocketPath: String

    enum CodingKeys: String, CodingKey {
        case version, engine, profiles, dtype
        case defaultProfile = "default_profile"
        case emotionPresets = "emotion_presets"
        case framesPerSecond = "frames_per_second"
        case websocketPath = "websocket_path"
    }

    init(parts: ServiceParts) {
        let environment = parts.environment
        let library = environment.postprocess
        let engineNames = environment.engine.channelNames
        profiles = library.profileNames.map { name in
            // The library was validated against the engine's channels at start-up, so this cannot fail.
            let names = (try? library.pipeline(forProfile: name).pipeline.outputNames(forInput: engineNames)) ?? []
            return Profile(
                name: name, family: Self.family(of: names), channelNames: names,
                emotionPresets: library.presetNames(forProfile: name))
        }
        version = Audio2FaceVersion.current
        engine = Engine(kind: parts.config.engine.kind.rawValue, channelCount: engineNames.count)
        defaultProfile = library.defaultProfileName
        emotionPresets = Set(profiles.flatMap(\.emotionPresets)).sorted()
        framesPerSecond = environment.streaming.framesPerSecond
        dtype = environment.streaming.dtype.rawValue
        websocketPath = StreamingController.path
    }

    /// `arkit` for channel names that are all ARKit blendshapes, `mmd` for anything else.
    static func family(of channelNames: [String]) -> String {
        BlendshapeNames.isARKit(channelNames) ? "arkit" : "mmd"
    }
}
