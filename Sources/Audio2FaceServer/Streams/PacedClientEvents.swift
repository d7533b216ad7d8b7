import Audio2Face

/// A transport's incoming messages, each decoded into the client events it stands for.
protocol ClientMessageSource {
    /// The events of the next message, or nil when the client has no more to say.
    mutating func nextEvents() async throws -> [ClientEvent]?
}

/// Client events from any transport, under the stream's input budget and watched for idleness.
///
/// Before each read an ``InputPacer`` on `clock` may hold the stream: while it waits nothing is read
/// from the transport, so a client sending faster than its budget is pushed back (TCP for a WebSocket,
/// HTTP/2 flow control for gRPC). It also tells the stream's ``ActivityMonitor`` what happens: a message
/// that starts, feeds or ends the stream is activity (see ``ClientEvent/advancesStream``), and the time
/// until the runner asks for the next event is work (inference is not idleness), and so is a wait for
/// the pacer's budget.
struct PacedClientEvents<Source: ClientMessageSource, C: Clock<Duration>>: AsyncSequence {
    let source: Source
    /// The stream's input budget, as it stands when the first message is read.
    let pacer: InputPacer<C.Instant>
    let clock: C
    let activity: ActivityMonitor<C>
    /// Called each time the pacer holds the stream back.
    let onThrottle: @Sendable () -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        var source: Source
        var pacer: InputPacer<C.Instant>
        let clock: C
        let activity: ActivityMonitor<C>
        let onThrottle: @Sendable () -> Void
        /// The declared audio format, once the start has been read.
        var format: PCMFormat?
        var pending: [ClientEvent] = []
        var working = false

        mutating func next() async throws -> ClientEvent? {
            while pending.isEmpty {
                if working {
                    activity.endWork()
                    working = false
                }
                try await waitForBudget()
                guard let events = try await source.nextEvents() else { return nil }
                if events.contains(where: \.advancesStream) {
                    activity.touch()
                    activity.beginWork()
                    working = true
                }
                for event in events { charge(for: event) }
                pending = events
            }
            return pending.removeFirst()
        }

        /// Sleeps while the stream is ahead of its input budget; the wait is work, not idleness.
        private mutating func waitForBudget() async throws {
            guard case .waitUntil(let deadline) = pacer.decision(at: clock.now) else { return }
            onThrottle()
            activity.beginWork()
            defer { activity.endWork() }
            try await clock.sleep(until: deadline, tolerance: nil)
        }

        /// Notes the start's format and charges the audio an event carries to the pacer.
        private mutating func charge(for event: ClientEvent) {
            switch event {
            case .start(let start):
                format = try? PCMFormat(
                    sampleRate: start.sampleRate, sampleWidth: start.sampleWidth, channelCount: start.channelCount)
            case .audio(let pcm):
                guard let format, !pcm.isEmpty else { return }
                pacer.received(audioSeconds: format.durationSeconds(ofByteCount: pcm.count), at: clock.now)
            case .emotion, .end:
                break
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(source: source, pacer: pacer, clock: clock, activity: activity, onThrottle: onThrottle)
    }
}
