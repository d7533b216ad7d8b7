import Foundation

/// `/openapi.json`: an OpenAPI 3.1 document of the HTTP endpoints in ``HTTPEndpointCatalog`` (the
/// WebSocket endpoint as its upgrade request; its messages are on `/docs`), with the API key schemes in
/// force when auth is on. Only the parts of OpenAPI the catalog needs are modelled.
struct OpenAPIDocument: Encodable {
    struct Info: Encodable {
        var title: String
        var version: String
        var description: String
    }

    struct Tag: Encodable {
        var name: String
    }

    struct Schema: Encodable {
        var type: String
        var minimum: Int?
        var maximum: Int?
    }

    struct Parameter: Encodable {
        var name: String
        var location: String
        var description: String
        var required: Bool
        var schema: Schema

        enum CodingKeys: String, CodingKey {
            case name, description, required, schema
            case location = "in"
        }
    }

    struct Header: Encodable {
        var description: String
        var schema: Schema
    }

    struct MediaType: Encodable {
        var schema: Schema
    }

    struct Response: Encodable {
        var description: String
        var headers: [String: Header]?
        var content: [String: MediaType]?
    }

    struct Operation: Encodable {
        var summary: String
        var description: String
        var operationId: String
        var tags: [String]
        var parameters: [Parameter]?
        var responses: [String: Response]
        /// `[]` on the endpoints that need no key when auth is on.
        var security: [[String: [String]]]?
        var deprecated: Bool?
    }

    struct SecurityScheme: Encodable {
        var type: String
        var description: String
        var scheme: String?
        var location: String?
        var name: String?

        enum CodingKeys: String, CodingKey {
            case type, description, scheme, name
            case location = "in"
        }
    }

    struct Components: Encodable {
        var securitySchemes: [String: SecurityScheme]
    }

    var openapi = "3.1.0"
    var info: Info
    var tags: [Tag]
    var paths: [String: [String: Operation]]
    var components: Components?
    var security: [[String: [String]]]?

    /// The names of the security schemes, as `security` requirements refer to them.
    static let bearerScheme = "bearerKey"
    static let queryScheme = "queryToken"

    init(facts: ServiceFacts, endpoints: [HTTPEndpointDoc]) {
        info = Info(
            title: "Audio2Face", version: facts.info.version,
            description: "Speech to ARKit-style blendshape frames. The streaming protocol runs over the WebSocket "
                + "endpoint and is described on /docs; this document covers the HTTP endpoints.")
        tags = HTTPEndpointDoc.Group.allCases.filter { group in endpoints.contains { $0.group == group } }
            .map { Tag(name: $0.rawValue) }
        var paths: [String: [String: Operation]] = [:]
        for endpoint in endpoints {
            paths[endpoint.path, default: [:]][endpoint.method.lowercased()] = Self.operation(
                endpoint, authEnabled: facts.authEnabled)
        }
        self.paths = paths
        if facts.authEnabled {
            var schemes = [
                Self.bearerScheme: SecurityScheme(
                    type: "http", description: "An API key as a bearer token: Authorization: Bearer KEY",
                    scheme: "bearer")
            ]
            var requirements = [[Self.bearerScheme: [String]()]]
            if facts.allowQueryToken {
                schemes[Self.queryScheme] = SecurityScheme(
                    type: "apiKey", description: "An API key in the URL, for browsers: ?token=KEY",
                    location: "query", name: "token")
                requirements.append([Self.queryScheme: []])
            }
            components = Components(securitySchemes: schemes)
            security = requirements
        }
    }

    /// The document as pretty-printed JSON with sorted keys.
    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, numbers and nested containers of them always encode.
        return (try? encoder.encode(self)) ?? Data()
    }

    private static func operation(_ endpoint: HTTPEndpointDoc, authEnabled: Bool) -> Operation {
        let parameters = endpoint.parameters.map { parameter in
            Parameter(
                name: parameter.name, location: parameter.location.rawValue, description: parameter.summary,
                required: parameter.required,
                schema: Schema(type: parameter.type, minimum: parameter.minimum, maximum: parameter.maximum))
        }
        var responses: [String: Response] = [:]
        for reply in endpoint.replies {
            let headers = Dictionary(
                uniqueKeysWithValues: reply.headers.map {
                    ($0.name, Header(description: $0.summary, schema: Schema(type: "string")))
                })
            responses[String(reply.status)] = Response(
                description: reply.summary, headers: headers.isEmpty ? nil : headers,
                content: reply.contentType.map { [$0: MediaType(schema: schema(forContentType: $0))] })
        }
        let words = endpoint.path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        let operationID = ([endpoint.method.lowercased()] + (words.isEmpty ? ["root"] : words)).joined(separator: "_")
        return Operation(
            summary: endpoint.summary, description: endpoint.details,
            operationId: operationID,
            tags: [endpoint.group.rawValue], parameters: parameters.isEmpty ? nil : parameters,
            responses: responses, security: authEnabled && endpoint.isOpen ? [] : nil,
            deprecated: endpoint.deprecated ? true : nil)
    }

    private static func schema(forContentType contentType: String) -> Schema {
        Schema(type: contentType == "application/json" ? "object" : "string")
    }
}
