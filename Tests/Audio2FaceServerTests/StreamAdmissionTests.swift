import Audio2FaceServer
import Testing

/// Admission counts and the "no streams left" event the drain and the test harness wait on.
@Suite(.timeLimit(.minutes(1))) struct StreamAdmissionTests {
    @Test("limits in all and per client; a released slot can be taken again")
    func limits() throws {
        let admission = StreamAdmission(maxStreams: 3, maxStreamsPerClient: 2)
        try admission.admit(client: "a")
        try admission.admit(client: "a")
        #expect(throws: StreamAdmission.Refusal.clientFull(limit: 2)) { try admission.admit(client: "a") }
        try admission.admit(client: "b")
        #expect(throws: StreamAdmission.Refusal.serverFull(limit: 3)) { try admission.admit(client: "c") }
        admission.release(client: "a")
        try admission.admit(client: "c")
        #expect(admission.activeStreams == 3)
    }

    @Test("waiting for no streams returns at once when none runs, else when the last one is released")
    func waitUntilNoStreams() async throws {
        let admission = StreamAdmission(maxStreams: 10, maxStreamsPerClient: 0)
        try await admission.waitUntilNoStreams()
        try admission.admit(client: "a")
        try admission.admit(client: "b")
        let waiting = Task { try await admission.waitUntilNoStreams() }
        admission.release(client: "a")
        admission.release(client: "b")
        try await waiting.value
        #expect(admission.activeStreams == 0)

        // Streams that start after the count reached zero get a wait of their own.
        try admission.admit(client: "c")
        let again = Task { try await admission.waitUntilNoStreams() }
        admission.release(client: "c")
        try await again.value
    }

    @Test("a waiter that is cancelled stops waiting although streams still run")
    func cancelledWait() async throws {
        let admission = StreamAdmission(maxStreams: 10, maxStreamsPerClient: 0)
        try admission.admit(client: "a")
        let waiting = Task { try await admission.waitUntilNoStreams() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(admission.activeStreams == 1)
    }

    @Test("after stopAdmitting every stream is refused as shutting down; running ones go on")
    func stopAdmitting() throws {
        let admission = StreamAdmission(maxStreams: 10, maxStreamsPerClient: 0)
        try admission.admit(client: "a")
        admission.stopAdmitting()
        #expect(throws: StreamAdmission.Refusal.shuttingDown) { try admission.admit(client: "b") }
        #expect(admission.activeStreams == 1)
    }
}
