import Foundation
import GRPCNIOTransportHTTP2

/// The `HOST:PORT` of a gRPC server as given on the command line (`127.0.0.1:52000`, `a2f.local:52000`,
/// `[::1]:52000`), and the transport target it names.
struct GRPCAddress: Sendable, Equatable, CustomStringConvertible {
    var host: String
    var port: Int

    /// `host:port`, with an IPv6 host in brackets.
    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// What the HTTP/2 transport connects to: the literal address, or a DNS name to resolve.
    var target: any ResolvableTarget {
        if host.contains(":") { return .ipv6(host: host, port: port) }
        if host.split(separator: ".").count == 4 && host.allSatisfy({ $0.isNumber || $0 == "." }) {
            return .ipv4(host: host, port: port)
        }
        return .dns(host: host, port: port)
    }
}

extension GRPCAddress {
    /// Parses `text`; `option` names the command-line option in the error.
    init(parsing text: String, option: String = "--grpc") throws(GRPCAddressError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let hostPart: Substring
        let portPart: Substring
        if trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") {
            hostPart = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            let rest = trimmed[trimmed.index(after: close)...]
            guard rest.hasPrefix(":") else { throw GRPCAddressError(option: option, text: text) }
            portPart = rest.dropFirst()
        } else {
            guard let colon = trimmed.lastIndex(of: ":"), !trimmed[..<colon].contains(":") else {
                throw GRPCAddressError(option: option, text: text)
            }
            hostPart = trimmed[..<colon]
            portPart = trimmed[trimmed.index(after: colon)...]
        }
        guard !hostPart.isEmpty, let port = Int(portPart), (1...65_535).contains(port) else {
            throw GRPCAddressError(option: option, text: text)
        }
        host = String(hostPart)
        self.port = port
    }
}

/// A `--grpc` value that is not `HOST:PORT`.
struct GRPCAddressError: Error, CustomStringConvertible {
    let option: String
    let text: String

    var description: String {
        "\(option) '\(text)' is not HOST:PORT with a port in 1...65535, e.g. 127.0.0.1:52000 or [::1]:52000"
    }
}
