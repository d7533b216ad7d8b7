import Audio2Face

/// A client's events with the live output's profile filled into a start that names none: a stream that
/// opts in to an output runs with the output's profile unless the client asks for another.
struct OutputProfileEvents<Events: AsyncSequence<ClientEvent, any Error>>: AsyncSequence {
    typealias Element = ClientEvent
    typealias Failure = any Error

    let events: Events
    let profile: String

    struct AsyncIterator: AsyncIteratorProtocol {
        var events: Events.AsyncIterator
        let profile: String

        mutating func next() async throws -> ClientEvent? {
            let event = try await events.next()
            guard case .start(var start)? = event, start.profileName.isEmpty else { return event }
            start.profileName = profile
            return .start(start)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(events: events.makeAsyncIterator(), profile: profile)
    }
}
