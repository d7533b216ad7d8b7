/// Why the configured logging could not be set up; `serve` stops with this message.
public enum LoggingSetupError: Error, CustomStringConvertible {
    case unwritableLogFile(path: String, reason: String)
    case missingCloudWatchSetting(key: String, environment: String)

    public var description: String {
        switch self {
        case .unwritableLogFile(let path, let reason):
            "cannot open the log file \(path): \(reason); fix logging.file.path (or logging.json.path) or the folder's permissions"
        case .missingCloudWatchSetting(let key, let environment):
            "logging.cloudwatch is enabled but \(key) is empty and \(environment) is not set"
        }
    }
}
