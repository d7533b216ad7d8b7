import Audio2Face
import Foundation

/// An AWS access key (and session token for temporary credentials). Printing it shows the key id only.
struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String?

    /// The credentials from `config`, with each empty value taken from the standard AWS environment
    /// variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`).
    init(config: CloudWatchLogConfig, environment: [String: String]) throws(LoggingSetupError) {
        func pick(_ configured: String, _ variable: String, key: String) throws(LoggingSetupError) -> String {
            if !configured.isEmpty { return configured }
            guard let value = environment[variable], !value.isEmpty else {
                throw .missingCloudWatchSetting(key: "logging.cloudwatch.\(key)", environment: variable)
            }
            return value
        }
        accessKeyID = try pick(config.accessKeyID, "AWS_ACCESS_KEY_ID", key: "access_key_id")
        secretAccessKey = try pick(config.secretAccessKey, "AWS_SECRET_ACCESS_KEY", key: "secret_access_key")
        let token = config.sessionToken.isEmpty ? environment["AWS_SESSION_TOKEN"] ?? "" : config.sessionToken
        sessionToken = token.isEmpty ? nil : token
    }

    init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: \(sessionToken == nil ? "none" : "<redacted>"))"
    }

    var debugDescription: String { description }
}
