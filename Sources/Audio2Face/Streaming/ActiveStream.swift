/// The per-stream state of a started ``StreamSession``: audio front end, segmentation, timeline and
/// postprocessing, plus the emotion preset each in-flight segment was cut under.
struct ActiveStream: Sendable {
    let start: StreamStart
    let format: PCMFormat
    let outputNames: [String]
    let pipeline: Pipeline
    /// Notices for the driver when the stream starts (profile fallback).
    private let fallbackNotice: StreamNotice?
    /// Emotion preset names the profile knows (empty: the profile has no offset module).
    private let knownEmotions: [String]
    private let chunkFrames: Int
    private let maxStreamSeconds: Double
    private var decoder: PCMDecoder
    private var resampler: Resampler
    private var segmenter: Segmenter
    private var timeline: FrameTimeline
    private var context: PostprocessContext
    private var currentOffsetName: String?
    private var inFlight: [(frames: Range<Int>, offsetName: String?)] = []
    private var inFlightHead = 0
    private var decoded: [Float] = []
    private var resampled: [Float] = []
    private(set) var receivedByteCount = 0
    private(set) var emittedFrameCount = 0

    init(start: StreamStart, environment: StreamEnvironment) throws(StreamError) {
        guard start.requestID.utf8.count <= StreamSession.maxRequestIDLength else {
            throw .protocolViolation(
                "request_id is \(start.requestID.utf8.count) bytes long; the limit is \(StreamSession.maxRequestIDLength)"
            )
        }
        let streaming = environment.streaming
        guard start.responseChunkFrames >= 0, start.responseChunkFrames <= streaming.maxResponseChunkFrames else {
            throw .protocolViolation(
                "response_chunk_n_frames \(start.responseChunkFrames) is not allowed; use 0 (server default, "
                    + "\(streaming.responseChunkFrames)) or 1…\(streaming.maxResponseChunkFrames)")
        }
        do {
            format = try PCMFormat(
                sampleRate: start.sampleRate, sampleWidth: start.sampleWidth, channelCount: start.channelCount)
        } catch {
            throw .unsupportedFormat(error)
        }
        let selection = environment.postprocess.pipeline(forProfile: start.profileName)
        do {
            outputNames = try selection.pipeline.outputNames(forInput: environment.engine.channelNames)
        } catch {
            throw .postprocessFailed("\(error)")
        }
        self.start = start
        pipeline = selection.pipeline
        fallbackNotice =
            selection.fellBack
            ? .profileFellBack(
                requested: start.profileName, used: selection.pipeline.profileName,
                available: environment.postprocess.profileNames)
            : nil
        knownEmotions = environment.postprocess.presetNames(forProfile: selection.pipeline.profileName)
        maxStreamSeconds = environment.limits.maxStreamSeconds
        chunkFrames = start.responseChunkFrames == 0 ? streaming.responseChunkFrames : start.responseChunkFrames
        decoder = PCMDecoder(format: format)
        resampler = Resampler(inputRate: format.sampleRate)
        segmenter = Segmenter(
            config: streaming.segmentation, cutsEveryChunk: environment.engine.isSegmentationIndependent)
        timeline = FrameTimeline(
            framesPerSecond: streaming.framesPerSecond, lookaheadSamples: environment.engine.lookaheadSamples)
        context = environment.postprocess.makeContext(framesPerSecond: streaming.framesPerSecond)
    }

    var receivedAudioSeconds: Double { format.durationSeconds(ofByteCount: receivedByteCount) }
    var segmentsInFlight: Int { inFlight.count - inFlightHead }

    /// What the driver does first: announce the output names, then log the start (and any fallback).
    var startActions: [SessionAction] {
        [.emit(.started(channelNames: outputNames)), .notice(.started(start, profileName: pipeline.profileName))]
            + (fallbackNotice.map { [.notice($0)] } ?? [])
    }

    /// Switches the emotion preset for audio cut from now on; an empty name changes nothing.
    mutating func receiveEmotion(_ name: String) -> [SessionAction] {
        guard !name.isEmpty, name != currentOffsetName else { return [] }
        currentOffsetName = name
        guard knownEmotions.isEmpty || knownEmotions.contains(name) else {
            return [.notice(.unknownEmotion(name: name, known: knownEmotions))]
        }
        return []
    }

    mutating func receiveAudio(_ pcm: [UInt8]) throws(StreamError) -> [SessionAction] {
        receivedByteCount += pcm.count
        guard receivedAudioSeconds <= maxStreamSeconds else {
            throw .limitExceeded(
                "stream exceeded max_stream_seconds (\(maxStreamSeconds) s of audio); start a new stream")
        }
        decoded.removeAll(keepingCapacity: true)
        resampled.removeAll(keepingCapacity: true)
        decoder.decode(pcm, into: &decoded)
        resampler.process(decoded, into: &resampled)
        return cut(resampled, final: false)
    }

    mutating func receiveEnd() -> [SessionAction] {
        resampled.removeAll(keepingCapacity: true)
        resampler.finish(into: &resampled)
        return cut(resampled, final: true)
    }

    mutating func receiveClip(_ clip: FaceClip) throws(StreamError) -> [SessionAction] {
        guard inFlightHead < inFlight.count else {
            throw .inferenceFailed("the engine answered a segment that was never sent")
        }
        let segment = inFlight[inFlightHead]
        inFlightHead += 1
        if inFlightHead == inFlight.count {
            inFlight.removeAll(keepingCapacity: true)
            inFlightHead = 0
        }
        guard clip.frameCount == segment.frames.count, clip.startFrame == segment.frames.lowerBound else {
            throw .inferenceFailed(
                "the engine returned frames \(clip.frameRange) for requested frames \(segment.frames)")
        }
        guard clip.frameCount > 0 else { return [] }
        context.offsetName = segment.offsetName
        let processed: FaceClip
        do {
            processed = try pipeline.process(clip, context: &context)
        } catch {
            throw .postprocessFailed("\(error)")
        }
        emittedFrameCount += processed.frameCount
        return stride(from: 0, to: processed.frameCount, by: chunkFrames).map { first in
            .emit(.frames(processed.slice(rows: first..<min(first + chunkFrames, processed.frameCount))))
        }
    }

    private mutating func cut(_ samples: [Float], final: Bool) -> [SessionAction] {
        var pieces = segmenter.append(samples)
        if final { pieces.append(segmenter.flush()) }
        return pieces.enumerated().map { index, piece in
            let isFinal = final && index == pieces.count - 1
            let end = piece.startSample + piece.samples.count
            let frames =
                isFinal
                ? timeline.claimFinalFrames(
                    total: timeline.totalFrameCount(
                        forInputFrames: receivedByteCount / format.bytesPerFrame, sampleRate: format.sampleRate))
                : timeline.claimFrames(throughSample: end, isFinal: false)
            inFlight.append((frames, currentOffsetName))
            return .infer(
                AudioSegment(startSample: piece.startSample, samples: piece.samples, frames: frames, isFinal: isFinal))
        }
    }
}
