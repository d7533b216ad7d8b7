import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The few CloudWatch Logs API calls the log shipper makes (JSON 1.1 protocol over HTTPS, signed with
/// SigV4), through async-http-client.
struct CloudWatchLogsClient: Sendable {
    let endpoint: URL
    let signer: AWSSignatureV4
    let httpClient: HTTPClient
    let timeout: TimeAmount

    /// A client for `region` at `endpoint` (default: `https://logs.<region>.amazonaws.com`).
    init(
        region: String, endpoint: String, credentials: AWSCredentials, httpClient: HTTPClient,
        timeout: TimeAmount = .seconds(10)
    ) {
        self.endpoint = URL(string: endpoint.isEmpty ? "https://logs.\(region).amazonaws.com" : endpoint)!
        self.signer = AWSSignatureV4(credentials: credentials, region: region, service: "logs")
        self.httpClient = httpClient
        self.timeout = timeout
    }

    /// An error answer of the service: HTTP status and AWS error type (`ResourceNotFoundException`, …).
    struct ServiceError: Error, CustomStringConvertible {
        let status: UInt
        let type: String
        let message: String

        /// Throttling and server-side failures are worth another try; other client errors are not.
        var isRetryable: Bool {
            status >= 500 || type == "ThrottlingException" || type == "ServiceUnavailableException"
        }

        var description: String { "CloudWatch Logs answered \(status) \(type): \(message)" }
    }

    func createLogGroup(_ group: String) async throws {
        _ = try await call("CreateLogGroup", ["logGroupName": group])
    }

    func createLogStream(_ stream: String, group: String) async throws {
        _ = try await call("CreateLogStream", ["logGroupName": group, "logStreamName": stream])
    }

    /// Sends `events` (chronological) to the stream.
    func putLogEvents(_ events: [CloudWatchLogEvent], group: String, stream: String) async throws {
        _ = try await call(
            "PutLogEvents",
            [
                "logGroupName": group, "logStreamName": stream,
                "logEvents": events.map { ["timestamp": $0.timestamp, "message": $0.message] as [String: Any] },
            ])
    }

    /// Calls `action` (`Logs_20140328.<action>`) with a JSON body and returns the decoded JSON answer.
    func call(_ action: String, _ body: [String: Any]) async throws -> [String: Any] {
        let payload = Array(try JSONSerialization.data(withJSONObject: body))
        let host = endpoint.port.map { "\(endpoint.host ?? ""):\($0)" } ?? (endpoint.host ?? "")
        let headers: [(name: String, value: String)] = [
            ("Host", host),
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", "Logs_20140328.\(action)"),
        ]
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        for header in headers
            + signer.signatureHeaders(method: "POST", url: endpoint, headers: headers, body: payload, date: Date())
        {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(ByteBuffer(bytes: payload))
        let response = try await httpClient.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 8 * 1024 * 1024)
        let answer = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        guard (200..<300).contains(response.status.code) else {
            let type =
                (answer["__type"] as? String).map { String($0.split(separator: "#").last ?? "") }
                ?? "HTTP\(response.status.code)"
            let message = answer["message"] as? String ?? answer["Message"] as? String ?? String(buffer: bytes)
            throw ServiceError(status: response.status.code, type: type, message: message)
        }
        return answer
    }
}

/// One log line as CloudWatch stores it.
struct CloudWatchLogEvent: Sendable {
    /// Milliseconds since 1970.
    var timestamp: Int64
    var message: String
}
