import Audio2FaceClient
import Foundation
import GRPCCore
import NvidiaA2FProtocol

/// What one `ProcessAudioStream` call brought back: the transport-neutral report (frames with their
/// arrival times, chunk send times, when the final status came) and what only NVIDIA's API carries.
struct NvidiaStreamResult: Sendable {
    /// Frames, arrival and send times. `messageKinds` holds "header", "animation_data", "event" and
    /// "status" in arrival order; `endReceivedSeconds` is when the SUCCESS status arrived.
    var report = StreamClient.Report()
    /// The audio header of the echoed audio, from the stream header.
    var echoedAudioHeader: NvidiaAudioHeader?
    /// The time code of every frame, in arrival order.
    var frameTimeCodes: [Double] = []
    /// The audio the server echoed back, concatenated in arrival order.
    var echoedAudio = Data()
    /// The time code of each echoed audio piece, in arrival order.
    var echoedAudioTimeCodes: [Double] = []
    /// Animation data messages that carried an `emotion_aggregate` metadata entry.
    var emotionAggregateCount = 0
    /// Animation data messages in all.
    var animationDataCount = 0
    /// Whether the `END_OF_A2F_AUDIO_PROCESSING` event came.
    var endEventReceived = false
    /// Every status message, in arrival order (warnings name ignored parameters).
    var statuses: [NvidiaStatus] = []
    /// The error the call ended with; nil when it ended OK.
    var callError: RPCError?
    /// Messages that broke the stream's rules (a frame without a header, a frame with the wrong number
    /// of weights).
    var violations: [String] = []

    /// Whether the stream ended as NVIDIA's clients expect: the event, then SUCCESS as the last status,
    /// the call OK, and nothing out of order.
    var completed: Bool {
        callError == nil && endEventReceived && statuses.last?.code == .success && violations.isEmpty
    }

    /// Why the stream did not complete, in one line (nil when it did).
    var failure: String? {
        if let callError { return "gRPC \(callError.code): \(callError.message)" }
        if !violations.isEmpty { return violations.joined(separator: "; ") }
        if !endEventReceived { return "the call ended without END_OF_A2F_AUDIO_PROCESSING" }
        if let last = statuses.last, last.code != .success {
            return "the last status was \(last.code): \(last.message)"
        }
        if statuses.isEmpty { return "the call ended without a status" }
        return nil
    }
}
