import Hummingbird

/// Every HTTP endpoint of the service, described once: `/docs` renders it as a page and
/// `/openapi.json` as an OpenAPI document. A test holds it against the routes the router really has.
enum HTTPEndpointCatalog {
    static let endpoints: [HTTPEndpointDoc] = [
        HTTPEndpointDoc(
            method: "GET", path: StreamingController.path, group: .streaming,
            summary: "Stream speech in, blendshape frames out (WebSocket)",
            details: "Upgrade to a WebSocket and exchange binary protobuf messages: see the streaming protocol "
                + "on /docs. One stream per connection.",
            replies: [
                .init(status: 101, summary: "Switching Protocols: the stream begins", contentType: nil),
                .init(status: 400, summary: "Not a valid WebSocket handshake", contentType: "text/plain"),
                .init(status: 401, summary: "No valid API key (auth on)", contentType: "text/plain"),
                .init(
                    status: 403, summary: "Browser origin not in auth.cors_allowed_origins", contentType: "text/plain"),
                .init(status: 426, summary: "Unsupported WebSocket version", contentType: "text/plain"),
            ],
            isWebSocketUpgrade: true),
        HTTPEndpointDoc(
            method: "GET", path: InfoRoutes<BasicRequestContext>.path, group: .service,
            summary: "What this service offers",
            details: "Version, engine, the profiles with their channel family (arkit or mmd), channel names and "
                + "emotion presets, the default profile, frame rate, frame data type and the WebSocket path.",
            replies: [.init(status: 200, summary: "The service description", contentType: "application/json")]),
        HTTPEndpointDoc(
            method: "GET", path: "/health", group: .operations,
            summary: "Liveness: the process is up",
            details: "Answers OK as long as the process runs. Needs no API key.",
            replies: [.init(status: 200, summary: "OK", contentType: "text/plain")]),
        HTTPEndpointDoc(
            method: "GET", path: "/ready", group: .operations,
            summary: "Readiness: the engine is warm and the service is not draining",
            details: "Answers READY once the engine has warmed up; WARMING UP, FAILED or DRAINING with 503 "
                + "otherwise, so a load balancer sends streams only to instances that can serve them. Needs no "
                + "API key.",
            replies: [
                .init(status: 200, summary: "READY", contentType: "text/plain"),
                .init(status: 503, summary: "WARMING UP, FAILED or DRAINING", contentType: "text/plain"),
            ]),
        HTTPEndpointDoc(
            method: "GET", path: "/metrics", group: .operations,
            summary: "Metrics in the Prometheus text format",
            details: "Streams, frames, latency, refusals, close codes, connections and input pacing. Prometheus "
                + "sends the key with authorization: {credentials: KEY} when auth is on.",
            replies: [.init(status: 200, summary: "Prometheus exposition text", contentType: "text/plain")]),
        HTTPEndpointDoc(
            method: "GET", path: "/tail_log/{n}", group: .logs,
            summary: "The last n lines of the log file",
            details: "An HTML page of the newest lines of the file log (logging.file), escaped. A page holds a "
                + "bounded amount of text; when older lines are left out the page says so.",
            parameters: [
                .init(
                    name: "n", location: .path, summary: "How many lines", type: "integer", minimum: 1,
                    maximum: LogRoutes<BasicRequestContext>.maxTailLines)
            ],
            replies: [
                .init(status: 200, summary: "The lines", contentType: "text/html"),
                .init(status: 400, summary: "n is not a whole number in range", contentType: "text/plain"),
                .init(status: 503, summary: "File logging is off", contentType: "text/plain"),
            ]),
        HTTPEndpointDoc(
            method: "GET", path: "/download_log_file", group: .logs,
            summary: "The current log file",
            details: "The file log as an attachment.",
            replies: [
                .init(
                    status: 200, summary: "The log file", contentType: "text/plain",
                    headers: [("Content-Disposition", "attachment; filename=\"<log file name>\"")]),
                .init(status: 503, summary: "File logging is off", contentType: "text/plain"),
            ]),
        HTTPEndpointDoc(
            method: "GET", path: "/dowload_log_file", group: .logs,
            summary: "The current log file (the reference service's spelling)",
            details: "Same as /download_log_file, kept for clients of the reference service.",
            replies: [
                .init(status: 200, summary: "The log file", contentType: "text/plain"),
                .init(status: 503, summary: "File logging is off", contentType: "text/plain"),
            ],
            deprecated: true),
        HTTPEndpointDoc(
            method: "GET", path: "/demo", group: .demo,
            summary: "The browser demo: a face driven by your microphone or a WAV file",
            details: "A page served from the shipped assets that streams to the WebSocket endpoint and draws the "
                + "frames on a face, with curves. ?mic=1 starts the microphone on load; ?profile= picks the "
                + "profile; ?token= carries the API key for the page and its WebSocket.",
            parameters: [
                .init(name: "mic", location: .query, summary: "1: start the microphone on load", type: "string"),
                .init(name: "profile", location: .query, summary: "Profile to stream with", type: "string"),
            ],
            replies: [.init(status: 200, summary: "The page", contentType: "text/html")]),
        HTTPEndpointDoc(
            method: "GET", path: "/demo/{file}", group: .demo,
            summary: "A file of the demo page (scripts, styles)",
            details: "The demo's JavaScript modules and style sheet, from the shipped assets' demo folder.",
            parameters: [.init(name: "file", location: .path, summary: "File name, such as face.js", type: "string")],
            replies: [
                .init(status: 200, summary: "The file", contentType: "text/javascript"),
                .init(status: 404, summary: "No such demo file", contentType: "text/plain"),
            ]),
        HTTPEndpointDoc(
            method: "GET", path: "/docs", group: .documentation,
            summary: "This page",
            details: "Every endpoint, the streaming protocol, the limits in force, auth, profiles and presets.",
            replies: [.init(status: 200, summary: "The page", contentType: "text/html")]),
        HTTPEndpointDoc(
            method: "GET", path: "/openapi.json", group: .documentation,
            summary: "OpenAPI 3.1 description of the HTTP endpoints",
            details: "For API tools and code generators; the streaming protocol itself is described on /docs.",
            replies: [.init(status: 200, summary: "The OpenAPI document", contentType: "application/json")]),
        HTTPEndpointDoc(
            method: "GET", path: "/", group: .documentation,
            summary: "Redirects to /docs",
            details: "A browser pointed at the service lands on its documentation.",
            replies: [
                .init(
                    status: 303, summary: "See Other", contentType: nil, headers: [("Location", "/docs")])
            ]),
    ]
}
