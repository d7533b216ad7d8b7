import Audio2FaceTypes

/// How a client cuts one recording into audio messages and when it sends each of them, for any transport.
///
/// Every chunk holds `chunkBytes` of the recording's PCM, rounded down to whole sample frames (at least
/// one frame) unless partial frames are allowed; the last chunk holds what is left. Paced at real time,
/// a chunk goes out when the audio before it has "played" since the stream began, and the caller's end
/// message not before the whole recording has, as a live microphone would.
public struct AudioChunkSchedule: Sendable {
    /// One audio message's worth of the recording.
    public struct Chunk: Sendable, Equatable {
        /// Position of the chunk in the recording, from 0.
        public let index: Int
        /// Where the chunk's bytes lie in the recording's PCM data.
        public let byteRange: Range<Int>
        /// The chunk's PCM bytes.
        public let pcm: ArraySlice<UInt8>
        /// Seconds of audio before the chunk (whole sample frames).
        public let audioStartSeconds: Double
        /// Seconds of audio up to the chunk's end (whole sample frames).
        public let audioEndSeconds: Double
    }

    /// The recording being cut.
    public let wav: WAVFile
    /// Bytes per chunk before the last one.
    public let stepBytes: Int

    /// Cuts `wav` into chunks of `chunkBytes` bytes, rounded down to whole sample frames (at least one)
    /// unless `allowPartialFrames`, in which case chunks hold exactly `chunkBytes` (at least one byte)
    /// and may split a frame across two messages.
    public init(_ wav: WAVFile, chunkBytes: Int, allowPartialFrames: Bool) {
        let frameBytes = wav.format.bytesPerFrame
        self.wav = wav
        self.stepBytes =
            allowPartialFrames
            ? max(1, chunkBytes)
            : max(frameBytes, chunkBytes / frameBytes * frameBytes)
    }

    /// Seconds of audio in the whole recording: when a paced stream may send its end message.
    public var durationSeconds: Double { wav.durationSeconds }

    /// The chunks in sending order.
    public var chunks: [Chunk] {
        let format = wav.format
        return stride(from: 0, to: wav.pcmBytes.count, by: stepBytes).enumerated().map { index, start in
            let end = min(start + stepBytes, wav.pcmBytes.count)
            return Chunk(
                index: index, byteRange: start..<end, pcm: wav.pcmBytes[start..<end],
                audioStartSeconds: format.durationSeconds(ofByteCount: start),
                audioEndSeconds: format.durationSeconds(ofByteCount: end))
        }
    }

    /// Hands every chunk to `send` in order and returns, for each, the seconds from `began` to the moment
    /// `send` returned, with the chunk's end in seconds of audio. With `realTime`, waits on `clock` until
    /// each chunk's audio start (counted from `began`) before sending it, and after the last chunk until
    /// the end of the recording, so the caller can send its end message right away.
    public func send<PacingClock: Clock>(
        realTime: Bool, clock: PacingClock, began: PacingClock.Instant,
        _ send: (Chunk) async throws -> Void
    ) async throws -> [(sentSeconds: Double, audioEndSeconds: Double)] where PacingClock.Duration == Duration {
        var sendTimes: [(sentSeconds: Double, audioEndSeconds: Double)] = []
        for chunk in chunks {
            if realTime {
                try await Task.sleep(until: began.advanced(by: Self.pacingDelay(chunk.audioStartSeconds)), clock: clock)
            }
            try await send(chunk)
            sendTimes.append((began.duration(to: clock.now).seconds, chunk.audioEndSeconds))
        }
        if realTime {
            try await Task.sleep(until: began.advanced(by: Self.pacingDelay(durationSeconds)), clock: clock)
        }
        return sendTimes
    }

    /// The wait from the stream's start until `audioSeconds` of audio have played, in whole milliseconds.
    private static func pacingDelay(_ audioSeconds: Double) -> Duration {
        .milliseconds(Int64(audioSeconds * 1_000))
    }
}
