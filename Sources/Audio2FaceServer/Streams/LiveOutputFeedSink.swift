import Audio2Face

/// Delivers a stream's output to its transport's sink and hands a copy to a live output's sender. The
/// copy is buffered, never awaited, so the live output cannot slow the transport.
struct LiveOutputFeedSink<Transport: FrameSink>: FrameSink {
    var transport: Transport
    let feed: AsyncStream<StreamOutput>.Continuation

    mutating func deliver(_ output: StreamOutput) async throws {
        feed.yield(output)
        try await transport.deliver(output)
    }
}
