import Audio2FaceClient
import Hummingbird

/// `GET /` redirects to `GET /docs`, a short HTML page describing the API.
struct DocsRoutes<Context: RequestContext>: Sendable {
    let channelCount: Int
    let profileNames: [String]
    /// Where NVIDIA's gRPC API listens (`host:port`), nil when it is off.
    let grpcAddress: String?

    func register(on router: Router<Context>) {
        router.get("/") { _, _ in Response.redirect(to: "/docs") }
        let page = Self.page(profiles: profileNames, grpcAddress: grpcAddress)
        router.get("/docs") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }

    private static func page(profiles: [String], grpcAddress: String?) -> String {
        let profileList = profiles.map { "<code>\($0)</code>" }.joined(separator: ", ")
        let grpcSection =
            grpcAddress.map { address in
                """
                <h2>gRPC <code>\(address)</code></h2>
                <p>NVIDIA's Audio2Face-3D API: <code>nvidia_ace.services.a2f_controller.v1.A2FControllerService/ProcessAudioStream</code>
                  (header, audio, <code>end_of_audio</code> in; header, animation data with NVIDIA's 52 blendshape names
                  and the echoed audio, an event and a status out) and <code>grpc.health.v1.Health/Check</code>.
                  Same limits and keys (metadata <code>authorization: Bearer KEY</code>); see docs/nvidia-grpc.md.</p>
                """
            } ?? ""
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Audio2Face API</title></head>
            <body>
            <h1>Audio2Face streaming API</h1>
            <p>Streams speech in, ARKit-style blendshape frames out, over one WebSocket per stream.</p>
            <h2>WebSocket <code>\(StreamingController.path)</code></h2>
            <p>Every frame is a binary protobuf message (package <code>audio2face_blendshape_v1</code>).</p>
            <ol>
            <li>Client sends <code>\(WireClassName.chunkStart)</code> with <code>request_id</code>,
              <code>sample_rate</code> (8000–48000), <code>sample_width</code> (1, 2 or 4 bytes),
              <code>n_channels</code> (1–8), <code>profile_name</code> and optionally
              <code>response_chunk_n_frames</code> (0 = server default).</li>
            <li>Client sends any number of <code>\(WireClassName.chunkBody)</code> with little-endian
              interleaved <code>pcm_bytes</code> and optionally <code>offset_name</code>
              (an emotion preset such as <code>happiness_3</code>).</li>
            <li>Client sends <code>\(WireClassName.chunkEnd)</code>.</li>
            </ol>
            <p>The server answers <code>\(WireClassName.responseStart)</code> (<code>blendshape_names</code>,
              <code>dtype</code>), then <code>\(WireClassName.responseBody)</code> messages whose <code>data</code>
              holds row-major frames × channels, then <code>\(WireClassName.responseEnd)</code>.</p>
            <p>Close codes: 1008 protocol or format violation or a stream limit, 1009 message too large, 1011 server failure (such as a failed inference), 1013 server or client at its stream limit (try again later), 1001 server shutting down.</p>
            <p>Profiles: \(profileList).</p>
            \(grpcSection)
            <h2>HTTP</h2>
            <ul><li><code>GET /health</code>: <code>OK</code> while the process runs.</li>
            <li><code>GET /ready</code>: 200 once the engine is warm, 503 before.</li></ul>
            </body></html>
            """
    }
}
