import Audio2Face

/// The configured live outputs (`outputs:`), each with its UDP socket opened at start-up, so a host that
/// does not resolve stops `serve` with the key named instead of failing streams later.
public struct LiveOutputRoutes: Sendable {
    /// One configured output.
    public struct Route: Sendable {
        /// Its key under `outputs`, also the Live Link Face subject name and the metrics label.
        public let name: String
        /// Its settings.
        public let config: LiveOutputConfig
        /// The socket to its receiver.
        let socket: UDPDatagramSocket
    }

    private let routes: [String: Route]

    /// Opens a socket per output of `outputs`; a receiver that cannot be resolved is a config error naming
    /// `outputs.NAME.host`.
    public init(outputs: [String: LiveOutputConfig]) throws(ConfigError) {
        var routes: [String: Route] = [:]
        for (name, config) in outputs {
            do {
                let socket = try UDPDatagramSocket(host: config.host, port: config.effectivePort)
                routes[name] = Route(name: name, config: config, socket: socket)
            } catch {
                throw .invalidValue(key: "outputs.\(name).host", message: error.description)
            }
        }
        self.routes = routes
    }

    /// The configured names, sorted.
    public var names: [String] { routes.keys.sorted() }

    /// The output called `name`, or an error naming the configured ones.
    func route(named name: String) throws(UnknownLiveOutput) -> Route {
        guard let route = routes[name] else { throw UnknownLiveOutput(name: name, configured: names) }
        return route
    }
}

/// A stream asked for an output the config does not name.
struct UnknownLiveOutput: Error, CustomStringConvertible {
    let name: String
    let configured: [String]

    var description: String {
        let choices =
            configured.isEmpty
            ? "none are configured (config key outputs)" : "use one of: \(configured.joined(separator: ", "))"
        return "unknown output '\(name)'; \(choices)"
    }
}
