import Audio2FaceClient
import Hummingbird

/// The HTML of `/docs`: every endpoint of ``HTTPEndpointCatalog``, the streaming protocol
/// (``StreamingProtocolDoc``), NVIDIA's gRPC API when it runs, the limits and auth in force, and the
/// profiles with their emotion presets. One self-contained page: its style is inline
/// (``DocsPageStyle``), it loads nothing.
struct DocsPage {
    let facts: ServiceFacts
    let endpoints: [HTTPEndpointDoc]

    func render() -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Audio2Face API</title>
        <link rel="icon" href="data:,">
        <style>\(DocsPageStyle.css)</style>
        </head>
        <body>
        \(header)
        \(navigation)
        <main class="wrap">
        \(quickStart)
        \(streaming)
        \(grpc)
        \(httpEndpoints)
        \(limits)
        \(auth)
        \(profiles)
        </main>
        <footer><div class="wrap">Audio2Face \(escape(facts.info.version)) · the same endpoints as an OpenAPI 3.1 \
        document: <a href="/openapi.json">/openapi.json</a></div></footer>
        </body></html>

        """
    }

    private var header: String {
        """
        <header class="top"><div class="wrap">
        <h1>Audio2Face API</h1>
        <p>Speech in, ARKit-style blendshape frames out: stream audio over a WebSocket and get a face \
        animation back while you speak.</p>
        <div class="facts"><span>version \(escape(facts.info.version))</span>\
        <span>engine \(escape(facts.info.engine.kind))</span>\
        <span>\(StreamingProtocolDoc.formatted(facts.framesPerSecond)) fps</span>\
        <span>\(escape(facts.dtype)) frames</span>\
        <span>auth \(facts.authEnabled ? "on" : "off")</span>\
        <span>gRPC \(facts.grpcAddress == nil ? "off" : "on")</span></div>
        </div></header>
        """
    }

    private var navigation: String {
        var links = [("start", "Quick start"), ("streaming", "Streaming protocol")]
        if facts.grpcAddress != nil { links.append(("grpc", "gRPC")) }
        links += [("http", "HTTP endpoints"), ("limits", "Limits"), ("auth", "Auth"), ("profiles", "Profiles")]
        let items = links.map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined()
        return "<nav class=\"toc\"><div class=\"wrap\">\(items)<a href=\"/openapi.json\">openapi.json</a></div></nav>"
    }

    private var quickStart: String {
        let token = facts.authEnabled ? (facts.allowQueryToken ? "?token=KEY" : "") : ""
        let header = facts.authEnabled ? " -H 'Authorization: Bearer KEY'" : ""
        return """
            <h2 id="start">Quick start</h2>
            <p>See a face follow your voice: open <a href="/demo"><code>/demo\(token)</code></a> in a \
            browser. Turn a WAV file into animation from a program: connect a WebSocket to \
            <code>ws://HOST:PORT\(StreamingController.path)</code> and follow the protocol below, or use a client:</p>
            <pre><code>audio2face stream speech.wav --url ws://HOST:PORT\(StreamingController.path) -o speech.csv
            audio2face convert speech.wav -o speech.html      # offline, no server: a page to review the animation
            curl\(header) http://HOST:PORT/api/v1/info</code></pre>
            <p>JavaScript (<code>clients/js</code>) and Python (<code>clients/python</code>) clients speak the same \
            protocol; see docs/clients.md.</p>
            """
    }

    private var streaming: String {
        let flow = """
            <ol class="flow">
            <li>Open a WebSocket to <code>\(StreamingController.path)</code>\
            \(facts.authEnabled ? " with your API key (see <a href=\"#auth\">Auth</a>)" : "").</li>
            <li>Send one <code>\(WireClassName.chunkStart)</code> naming the audio format and the profile.</li>
            <li>Send <code>\(WireClassName.chunkBody)</code> messages with PCM as you record it (20–100 ms \
            each is typical); change the emotion preset on any of them.</li>
            <li>Receive <code>\(WireClassName.responseStart)</code>, then <code>\(WireClassName.responseBody)</code> \
            messages as the frames are computed.</li>
            <li>Send <code>\(WireClassName.chunkEnd)</code>; the server sends the last frames, \
            <code>\(WireClassName.responseEnd)</code>, and closes with 1000.</li>
            </ol>
            """
        let messages = StreamingProtocolDoc.messages(facts).map { message in
            let rows = message.fields.map { field in
                "<tr><td><code>\(field.name)</code></td><td class=\"num\">\(field.number)</td>"
                    + "<td><code>\(field.type)</code></td><td>\(escape(field.meaning))</td></tr>"
            }
            return """
                <div class="message\(message.direction == .serverToClient ? " server" : "")">
                <h3><code>\(message.className)</code></h3>
                <div class="direction">\(message.direction.rawValue)</div>
                <p>\(escape(message.summary))</p>
                <table><tr><th>field</th><th class="num">#</th><th>type</th><th>meaning</th></tr>
                \(rows.joined(separator: "\n"))</table>
                </div>
                """
        }
        let closings = StreamingProtocolDoc.closings.map {
            "<tr><td class=\"num\"><code>\($0.code)</code></td><td>\(escape($0.situation))</td></tr>"
        }
        return """
            <h2 id="streaming">Streaming protocol (WebSocket)</h2>
            <p>Every message is one binary WebSocket message holding one protobuf (package \
            <code>audio2face_blendshape_v1</code>, schema <code>Protos/audio2face_v1.proto</code>): the client sends \
            <code>Audio2FaceBlendshapeV1Request</code>, the server <code>Audio2FaceBlendshapeV1Response</code>; \
            <code>class_name</code> says which of the six messages it is. Field numbers match the reference service, so its \
            clients work unchanged.</p>
            \(flow)
            \(messages.joined(separator: "\n"))
            <h3>How a stream ends: close codes</h3>
            <p>The close frame's reason text says what happened in words.</p>
            <table><tr><th class="num">code</th><th>when</th></tr>
            \(closings.joined(separator: "\n"))</table>
            """
    }

    private var grpc: String {
        guard let address = facts.grpcAddress else { return "" }
        return """
            <h2 id="grpc">gRPC (NVIDIA Audio2Face-3D API) <code>\(escape(address))</code></h2>
            <p>NVIDIA's Audio2Face-3D clients work unchanged on a separate port (HTTP/2, plaintext):</p>
            <table><tr><th>method</th><th>what it does</th></tr>
            <tr><td><code>nvidia_ace.services.a2f_controller.v1.A2FControllerService/ProcessAudioStream</code></td>
            <td>Bidirectional stream: a header with the audio format and face parameters, audio chunks, \
            <code>end_of_audio</code> in; a header, animation data (NVIDIA's 52 blendshape names, with the audio \
            echoed), an event and a status out.</td></tr>
            <tr><td><code>grpc.health.v1.Health/Check</code></td><td>SERVING once the engine is warm.</td></tr>
            </table>
            <p>Every gRPC stream uses profile <code>\(escape(facts.grpcProfile))</code>. The same stream limits and \
            API keys apply (metadata <code>authorization: Bearer KEY</code>); errors map to gRPC status codes. \
            See docs/nvidia-grpc.md.</p>
            """
    }

    private var httpEndpoints: String {
        let groups = HTTPEndpointDoc.Group.allCases.compactMap { group -> String? in
            let members = endpoints.filter { $0.group == group }
            guard !members.isEmpty else { return nil }
            return "<h3>\(group.rawValue)</h3>\n" + members.map(card).joined(separator: "\n")
        }
        let keyNote =
            facts.authEnabled
            ? "Endpoints marked <span class=\"badge key\">API key</span> answer 401 without a valid key."
            : "Auth is off on this server: no endpoint needs a key."
        return """
            <h2 id="http">HTTP endpoints</h2>
            <p>All answers are UTF-8. \(keyNote) Browsers from origins outside \
            <code>auth.cors_allowed_origins</code> are answered 403.</p>
            \(groups.joined(separator: "\n"))
            """
    }

    /// One endpoint; `data-route` is its method and path exactly as the router has them.
    private func card(_ endpoint: HTTPEndpointDoc) -> String {
        var badges =
            endpoint.isOpen || !facts.authEnabled
            ? "<span class=\"badge open\">open</span>" : "<span class=\"badge key\">API key</span>"
        if endpoint.deprecated { badges += "<span class=\"badge old\">alias</span>" }
        let method =
            endpoint.isWebSocketUpgrade
            ? "<span class=\"method ws\">WS</span>" : "<span class=\"method\">\(endpoint.method)</span>"
        var body = "<p>\(escape(endpoint.details))</p>"
        if !endpoint.parameters.isEmpty {
            let rows = endpoint.parameters.map { parameter in
                var range = ""
                if let minimum = parameter.minimum, let maximum = parameter.maximum {
                    range = " (\(minimum)–\(maximum))"
                }
                return "<tr><td><code>\(parameter.name)</code></td><td>\(parameter.location.rawValue)</td>"
                    + "<td><code>\(parameter.type)</code>\(range)</td><td>\(escape(parameter.summary))</td></tr>"
            }
            body +=
                "<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>"
                + rows.joined() + "</table>"
        }
        let replies = endpoint.replies.map { reply in
            let headers = reply.headers.map { " <code>\($0.name): \(escape($0.summary))</code>" }.joined()
            return "<tr><td class=\"num\"><code>\(reply.status)</code></td><td>\(escape(reply.summary))\(headers)</td>"
                + "<td>\(reply.contentType.map { "<code>\($0)</code>" } ?? "")</td></tr>"
        }
        body +=
            "<table><tr><th class=\"num\">status</th><th>answer</th><th>type</th></tr>" + replies.joined()
            + "</table>"
        return """
            <div class="endpoint\(endpoint.deprecated ? " deprecated" : "")" data-route="\(escape(endpoint.route))">
            <div class="head">\(method)<code class="path">\(escape(endpoint.path))</code>\
            <span class="summary">\(escape(endpoint.summary))</span>\(badges)</div>
            <div class="body">\(body)</div>
            </div>
            """
    }

    private var limits: String {
        let streams =
            "\(facts.maxConcurrentStreams)"
            + (facts.maxConcurrentStreamsIsSized ? " (sized from the engine and the cores)" : "")
        let rows: [(String, String, String)] = [
            (
                "server.max_message_bytes", "\(facts.maxMessageBytes) bytes",
                "Largest WebSocket message; larger ones close the stream with 1009."
            ),
            ("limits.max_concurrent_streams", streams, "Streams served at once, both APIs; more are closed with 1013."),
            (
                "limits.max_streams_per_client", perClient(facts.maxStreamsPerClient),
                "Streams one client address may hold at once; more are closed with 1013."
            ),
            (
                "limits.max_stream_seconds", "\(StreamingProtocolDoc.formatted(facts.maxStreamSeconds)) s of audio",
                "Longest stream; longer ones are closed with 1008."
            ),
            (
                "limits.max_input_speedup", "\(StreamingProtocolDoc.formatted(facts.maxInputSpeedup))× real time",
                "Pace at which a stream's audio is read once its burst is spent; a faster sender is slowed down, not cut off."
            ),
            (
                "limits.input_burst_seconds", "\(StreamingProtocolDoc.formatted(facts.inputBurstSeconds)) s of audio",
                "Audio a stream may send ahead of that pace."
            ),
            (
                "streaming.request_expire_seconds", "\(StreamingProtocolDoc.formatted(facts.requestExpireSeconds)) s",
                "A stream that sends nothing this long is closed (1008)."
            ),
            (
                "streaming.max_response_chunk_n_frames", "\(facts.maxResponseChunkFrames) frames",
                "Largest response_chunk_n_frames a client may ask for (default \(facts.responseChunkFrames))."
            ),
            (
                "server.max_connections_per_client", perClient(facts.maxConnectionsPerClient),
                "Connections one client address may hold open."
            ),
            (
                "server.idle_timeout_seconds", "\(StreamingProtocolDoc.formatted(facts.idleTimeoutSeconds)) s",
                "An HTTP connection with no request in flight is closed after this long."
            ),
        ]
        let body = rows.map {
            "<tr><td><code>\($0.0)</code></td><td class=\"num\">\(escape($0.1))</td><td>\(escape($0.2))</td></tr>"
        }
        return """
            <h2 id="limits">Limits in force</h2>
            <p>The values this server runs with (configuration key, value, effect).</p>
            <table><tr><th>key</th><th class="num">value</th><th>effect</th></tr>
            \(body.joined(separator: "\n"))</table>
            """
    }

    private func perClient(_ limit: Int) -> String { limit == 0 ? "no limit" : "\(limit)" }

    private var auth: String {
        let origins =
            facts.corsAllowedOrigins.isEmpty
            ? "none (only same-origin pages and non-browser clients)"
            : facts.corsAllowedOrigins.map { "<code>\(escape($0))</code>" }.joined(separator: ", ")
        let open = APIKeyMiddleware<BasicRequestContext>.openPaths.sorted().map { "<code>\($0)</code>" }
            .joined(separator: " and ")
        let tokenUse =
            facts.allowQueryToken
            ? " or in the URL as <code>?token=KEY</code> (browsers cannot set headers on a WebSocket; the demo page "
                + "passes it on)"
            : " (<code>?token=</code> is switched off: auth.allow_query_token)"
        let keyUse =
            facts.authEnabled
            ? "<p>Auth is <strong>on</strong>: every endpoint except \(open) needs an API key, sent as the header "
                + "<code>Authorization: Bearer KEY</code>\(tokenUse). Without one the answer is 401 and a WebSocket is "
                + "never opened. gRPC clients send the header as metadata.</p>"
            : "<p>Auth is <strong>off</strong>: anyone who can reach the port can stream. Switch it on with "
                + "<code>auth.enabled: true</code> and a key source (<code>auth.keys_file</code> or "
                + "<code>auth.keys_env</code>); keys then go in <code>Authorization: Bearer KEY</code> or "
                + "<code>?token=KEY</code>.</p>"
        return """
            <h2 id="auth">Auth and browser origins</h2>
            \(keyUse)
            <p>Browser origins allowed (CORS and WebSocket upgrades): \(origins).</p>
            """
    }

    private var profiles: String {
        let rows = facts.info.profiles.map { profile in
            let presets =
                profile.emotionPresets.isEmpty
                ? "<span class=\"summary\">none</span>"
                : profile.emotionPresets.map { "<code>\(escape($0))</code>" }.joined(separator: " ")
            let isDefault =
                profile.name == facts.info.defaultProfile ? " <span class=\"badge open\">default</span>" : ""
            return "<tr><td><code>\(escape(profile.name))</code>\(isDefault)</td><td>\(escape(profile.family))</td>"
                + "<td class=\"num\">\(profile.channelNames.count)</td><td class=\"presets\">\(presets)</td></tr>"
        }
        return """
            <h2 id="profiles">Profiles and emotion presets</h2>
            <p>A profile (<code>profile_name</code> in the start message) picks the postprocessing and the output \
            channels: <em>arkit</em> profiles give ARKit blendshape names (the demo face draws these), \
            <em>mmd</em> profiles MMD morphs. An emotion preset (<code>offset_name</code> in any body message) adds \
            a facial expression to the frames from then on; a name the profile does not know leaves them unchanged. \
            <a href="/api/v1/info">/api/v1/info</a> gives the same list as JSON.</p>
            <table><tr><th>profile</th><th>family</th><th class="num">channels</th><th>emotion presets</th></tr>
            \(rows.joined(separator: "\n"))</table>
            """
    }

    private func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
