import AsyncHTTPClient
import Audio2Face
import Audio2FaceTestSupport
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@testable import Audio2FaceServer

@Suite(.serialized, .timeLimit(.minutes(3))) struct CloudWatchLoggingTests {
    private static let exampleCredentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    private static let exampleDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    @Test("SigV4: AWS's own get-vanilla example")
    func signatureGetVanilla() throws {
        let signer = AWSSignatureV4(credentials: Self.exampleCredentials, region: "us-east-1", service: "service")
        let url = try #require(URL(string: "https://example.amazonaws.com/"))
        let headers = signer.signatureHeaders(
            method: "GET", url: url, headers: [("Host", "example.amazonaws.com")], body: [], date: Self.exampleDate)
        #expect(headers.first { $0.name == "X-Amz-Date" }?.value == "20150830T123600Z")
        #expect(
            headers.first { $0.name == "Authorization" }?.value
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    }

    /// The expected signature was computed by botocore's `SigV4Auth` for the same request.
    @Test("SigV4: a CloudWatch Logs call with a session token, as botocore signs it")
    func signatureLogsCall() throws {
        var credentials = Self.exampleCredentials
        credentials.sessionToken = "SESSIONTOKEN"
        let signer = AWSSignatureV4(credentials: credentials, region: "eu-west-1", service: "logs")
        let url = try #require(URL(string: "http://127.0.0.1:5000/"))
        let headers = signer.signatureHeaders(
            method: "POST", url: url,
            headers: [
                ("Host", "127.0.0.1:5000"), ("Content-Type", "application/x-amz-json-1.1"),
                ("X-Amz-Target", "Logs_20140328.CreateLogGroup"),
            ],
            body: Array(#"{"logGroupName":"g"}"#.utf8), date: Self.exampleDate)
        #expect(headers.first { $0.name == "X-Amz-Security-Token" }?.value == "SESSIONTOKEN")
        #expect(
            headers.first { $0.name == "Authorization" }?.value
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/logs/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
                + "Signature=04c3287479a7a9b0bf2e59fc27ed666095fb0e3da85393958614ee545f0bd30c")
    }

    private static func cloudWatchConfig(endpoint: String, stream: String) -> ServiceConfig {
        var config = ServiceConfig()
        config.logging.console.enabled = false
        config.logging.cloudwatch.enabled = true
        config.logging.cloudwatch.level = .info
        config.logging.cloudwatch.region = "eu-west-1"
        config.logging.cloudwatch.endpoint = endpoint
        config.logging.cloudwatch.logGroup = "audio2face-test"
        config.logging.cloudwatch.logStream = stream
        config.logging.cloudwatch.sendIntervalSeconds = 0.1
        return config
    }

    /// The test credentials, as the standard AWS environment variables would give them.
    private static let environment = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing-secret"]

    @Test(
        "log events round-trip through a local CloudWatch Logs (moto): group and stream created, batches sent, read back"
    )
    func roundTripThroughMoto() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        var config = Self.cloudWatchConfig(endpoint: moto.endpoint, stream: "pod-1")
        config.logging.cloudwatch.batchSize = 2
        let logging = try ServiceLogging(config: config, environment: Self.environment)
        let shipper = try #require(logging.cloudWatch)
        let group = ServiceGroup(services: logging.services, logger: Logger(label: "group"))
        let running = Task { try await group.run() }

        let logger = logging.logger(label: "cloudwatch.test")
        logger.debug("below the handler's level")
        for index in 1...5 {
            logger.info("event \(index)", metadata: ["stream.id": .string("s\(index)")])
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while shipper.sentEventCount < 5 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(shipper.sentEventCount == 5)

        let client = try #require(shipper.client as? CloudWatchLogsClient)
        let answer = try await client.call(
            "GetLogEvents", ["logGroupName": "audio2face-test", "logStreamName": "pod-1", "startFromHead": true])
        let events = try #require(answer["events"] as? [[String: Any]])
        let messages = try events.map { event in
            let text = try #require(event["message"] as? String)
            return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
        #expect(messages.map { $0["message"] as? String } == (1...5).map { "event \($0)" })
        #expect(messages.map { ($0["metadata"] as? [String: String])?["stream.id"] } == (1...5).map { "s\($0)" })
        let timestamps = events.compactMap { $0["timestamp"] as? Int64 ?? ($0["timestamp"] as? Int).map(Int64.init) }
        #expect(timestamps.count == 5 && timestamps == timestamps.sorted())

        // Lines logged just before shutdown still go out: the shipper sends what is left, then returns.
        logger.warning("last words")
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(shipper.sentEventCount == 6)
        #expect(shipper.droppedEventCount == 0 && shipper.failedEventCount == 0)
        let tail = try await client.call(
            "GetLogEvents", ["logGroupName": "audio2face-test", "logStreamName": "pod-1", "startFromHead": true])
        let last = try #require((tail["events"] as? [[String: Any]])?.last?["message"] as? String)
        #expect(last.contains(#""message":"last words""#))
    }

    @Test("a full queue drops new lines and counts them (and /metrics shows them); logging never waits")
    func fullQueueDrops() throws {
        var config = Self.cloudWatchConfig(endpoint: "http://127.0.0.1:9", stream: "unsent")
        config.logging.cloudwatch.batchSize = 3
        config.logging.cloudwatch.maxQueuedEvents = 3
        let logging = try ServiceLogging(config: config, environment: Self.environment)
        let logger = logging.logger(label: "t")
        for index in 1...10 { logger.info("line \(index)") }  // the shipper is not running: nothing leaves
        #expect(logging.cloudWatch?.droppedEventCount == 7)
        #expect(logging.lostCloudWatchEvents == 7)

        let metrics = ServiceControls(config: config, logging: logging).metrics
        #expect(metrics.render().contains(#"audio2face_log_events_lost_total{destination="cloudwatch"} 7"#))
        logger.info("one more")
        #expect(metrics.render().contains(#"audio2face_log_events_lost_total{destination="cloudwatch"} 8"#))
    }

    @Test("an unreachable endpoint is retried after each backoff on the clock, then the batch is given up and counted")
    func unreachableEndpoint() async throws {
        let client = CloudWatchLogsClient(
            region: "eu-west-1", endpoint: "http://127.0.0.1:9",
            credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"), httpClient: .shared,
            timeout: .milliseconds(300))
        let clock = ManualClock()
        let shipper = CloudWatchLogShipper(
            client: client, group: "g", stream: "s", batchSize: 4, maxQueuedEvents: 100, sendInterval: .seconds(3_600),
            maxAttempts: 3, clock: clock)
        let group = ServiceGroup(services: [shipper], logger: Logger(label: "group"))
        let running = Task { try await group.run() }
        for index in 1...4 { shipper.write("line \(index)", at: .now) }
        var waits: [Duration] = []
        for _ in 1..<3 {
            // The send interval sleeps too; the earlier deadline is the backoff after a failed try.
            let backoffEnd = try #require(await clock.sleepingDeadlines(count: 2).first)
            waits.append(clock.now.duration(to: backoffEnd))
            clock.advance(by: clock.now.duration(to: backoffEnd))
        }
        #expect(waits == [.milliseconds(200), .milliseconds(400)])
        // The third try is the last: shutting down waits for it and the shipper returns.
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(shipper.failedEventCount == 4)
        #expect(shipper.sentEventCount == 0)
    }

    @Test("CloudWatch without a region or credentials stops start-up naming the key and the variable")
    func missingSettings() {
        var config = Self.cloudWatchConfig(endpoint: "", stream: "")
        config.logging.cloudwatch.region = ""
        for (environment, expected) in [
            (Self.environment, "AWS_REGION"),
            (["AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "a"], "AWS_SECRET_ACCESS_KEY"),
            (["AWS_DEFAULT_REGION": "eu-west-1"], "AWS_ACCESS_KEY_ID"),
        ] {
            do {
                _ = try ServiceLogging(config: config, environment: environment)
                Issue.record("accepted without \(expected)")
            } catch {
                #expect(error.description.contains(expected))
                #expect(error.description.contains("logging.cloudwatch."))
            }
        }
        #expect(
            (try? ServiceLogging(
                config: config, environment: Self.environment.merging(["AWS_REGION": "eu-west-1"]) { $1 })) != nil)
    }

    @Test("the secret key is never part of a log line, the config's description or an error")
    func secretNeverShown() throws {
        var config = Self.cloudWatchConfig(endpoint: "http://127.0.0.1:9", stream: "s")
        config.logging.cloudwatch.secretAccessKey = "very-secret-value"
        config.logging.cloudwatch.accessKeyID = "AKIDTEST"
        let logging = try ServiceLogging(config: config, environment: [:])
        let client = try #require(logging.cloudWatch?.client as? CloudWatchLogsClient)
        let headers = client.signer.signatureHeaders(
            method: "POST", url: client.endpoint, headers: [("Host", "127.0.0.1:9")], body: [], date: Date())
        #expect(!headers.contains { $0.value.contains("very-secret-value") })
        #expect(!"\(client.signer)".contains("very-secret-value"))
        #expect(!"\(config)".contains("very-secret-value") && "\(config)".contains("<redacted>"))
        #expect(!String(reflecting: config).contains("very-secret-value"))
    }
}
