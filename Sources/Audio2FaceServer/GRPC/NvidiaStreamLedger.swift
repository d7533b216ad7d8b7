import Audio2Face
import NvidiaA2FProtocol

/// What a gRPC stream's incoming messages leave for its frame sink, in the one task that runs the
/// stream: the header (format and parameters), the audio not yet echoed back, and the emotion keyframes
/// not yet applied.
final class NvidiaStreamLedger {
    /// The client's header, once it has arrived.
    private(set) var header: NvidiaAudioStreamHeader?
    /// The header's audio format, once it has arrived.
    private(set) var format: PCMFormat?
    /// Audio bytes received but not yet echoed; the first of them is byte `echoedByteCount` of the stream.
    private var unechoed: [UInt8] = []
    /// Bytes of audio already echoed back.
    private(set) var echoedByteCount = 0
    /// Keyframes received but not yet handed to the face controls.
    private var keyframes: [NvidiaEmotionWithTimeCode] = []

    init() {}

    func recordHeader(_ header: NvidiaAudioStreamHeader, format: PCMFormat) {
        self.header = header
        self.format = format
    }

    func recordAudio(_ bytes: [UInt8], keyframes: [NvidiaEmotionWithTimeCode]) {
        unechoed += bytes
        self.keyframes += keyframes
    }

    /// The keyframes received since the last call.
    func takeKeyframes() -> [NvidiaEmotionWithTimeCode] {
        defer { keyframes = [] }
        return keyframes
    }

    /// The received audio up to byte `endByte` of the stream (fewer when less has arrived), removed from
    /// the ledger.
    func takeAudio(upTo endByte: Int) -> [UInt8] {
        let count = min(max(0, endByte - echoedByteCount), unechoed.count)
        defer {
            unechoed.removeFirst(count)
            echoedByteCount += count
        }
        return Array(unechoed.prefix(count))
    }

    /// Every byte received and not yet echoed.
    func takeRemainingAudio() -> [UInt8] {
        takeAudio(upTo: echoedByteCount + unechoed.count)
    }
}
