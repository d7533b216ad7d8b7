/// The CloudWatch Logs calls the log shipper depends on: the HTTPS client in service, an in-memory
/// double in tests of the shipper's batching and retries.
protocol CloudWatchLogsAPI: Sendable {
    /// Creates a log group; throws a ``CloudWatchLogsClient/ServiceError`` of type
    /// `ResourceAlreadyExistsException` when it exists.
    func createLogGroup(_ group: String) async throws
    /// Creates a log stream in `group`; `ResourceAlreadyExistsException` when it exists.
    func createLogStream(_ stream: String, group: String) async throws
    /// Sends `events` (chronological) to the stream.
    func putLogEvents(_ events: [CloudWatchLogEvent], group: String, stream: String) async throws
}

extension CloudWatchLogsClient: CloudWatchLogsAPI {}
