/// Sends a stream's frames to one live-output receiver over UDP at the stream's frame times.
///
/// The stream hands its outputs to ``feed`` (never waiting: the feed buffers), and ``run(clock:)`` sends
/// them on its own task, paced by a ``FramePacer`` on `clock`. A datagram the target cannot take is
/// dropped and counted, so a slow, closed or missing receiver never slows or fails the stream.
public struct LiveOutputSender: Sendable {
    /// Builds the encoder once the stream's channel names are known.
    public typealias EncoderFactory = @Sendable (_ channelNames: [String]) -> any LiveFrameEncoder

    /// The stream's outputs, in order; finished when the stream ends or gives up.
    public let feed: AsyncStream<StreamOutput>.Continuation
    private let outputs: AsyncStream<StreamOutput>
    private let socket: UDPDatagramSocket
    private let makeEncoder: EncoderFactory
    private let framesPerSecond: Double
    /// What was sent and dropped so far.
    public let counts: LiveOutputCounts

    /// A sender to `socket` of frames at `framesPerSecond`, encoded by what `makeEncoder` builds.
    public init(
        socket: UDPDatagramSocket, framesPerSecond: Double, counts: LiveOutputCounts = LiveOutputCounts(),
        makeEncoder: @escaping EncoderFactory
    ) {
        (outputs, feed) = AsyncStream.makeStream(of: StreamOutput.self, bufferingPolicy: .unbounded)
        self.socket = socket
        self.framesPerSecond = framesPerSecond
        self.counts = counts
        self.makeEncoder = makeEncoder
    }

    /// Sends every frame fed until the feed finishes or the task is cancelled.
    public func run<C: Clock>(clock: C) async where C.Duration == Duration {
        var pacer = FramePacer<C.Instant>(framesPerSecond: framesPerSecond)
        var encoder: (any LiveFrameEncoder)?
        for await output in outputs {
            switch output {
            case .started(let channelNames):
                encoder = makeEncoder(channelNames)
            case .frames(let clip):
                let encoder = encoder ?? makeEncoder(clip.channelNames)
                for row in 0..<clip.frameCount {
                    let frameIndex = clip.startFrame + row
                    let due = pacer.sendTime(forFrame: frameIndex, availableAt: clock.now)
                    do {
                        try await clock.sleep(until: due, tolerance: nil)
                    } catch {
                        return
                    }
                    let values = clip.values[(row * clip.channelCount)..<((row + 1) * clip.channelCount)]
                    counts.record(sent: socket.send(encoder.datagram(frameIndex: frameIndex, values: values)))
                }
            case .ended:
                return
            }
        }
    }
}
