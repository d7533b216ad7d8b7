import OnnxRuntime

/// What the engine feeds a UniTalker model and reads back (shared/reference/seed-behaviour.md §3), and
/// the check that a loaded model declares exactly that.
enum UnitalkerModelContract {
    static let audioInput = "audio"
    static let styleInput = "emo_id"
    static let timeStepsInput = "time_steps"

    /// The contract in words, for error messages.
    static func expectedDescription(channelCount: Int) -> String {
        "inputs \(audioInput) float32 [1,N], \(styleInput) int32 [1], \(timeStepsInput) int32 [1] and output 0 "
            + "float32 [1,T,\(channelCount)] (one column per blendshape channel)"
    }

    /// Every way the declared inputs and outputs differ from the contract (empty when they match).
    /// Dynamic dimensions (−1) match any size.
    static func problems(inputs: [ORTTensorInfo], outputs: [ORTTensorInfo], channelCount: Int) -> [String] {
        var problems: [String] = []
        let expectedInputs: [(name: String, type: ORTElementType, shape: [Int?])] = [
            (audioInput, .float32, [1, nil]),
            (styleInput, .int32, [1]),
            (timeStepsInput, .int32, [1]),
        ]
        let declared = inputs.map(\.description).joined(separator: ", ")
        for expected in expectedInputs {
            guard let input = inputs.first(where: { $0.name == expected.name }) else {
                problems.append("input '\(expected.name)' is missing (the model's inputs: \(declared))")
                continue
            }
            if input.elementType != expected.type || !shape(input.shape, matches: expected.shape) {
                problems.append(
                    "input '\(expected.name)' is \(input.elementType) \(format(input.shape)), expected "
                        + "\(expected.type) \(format(expected.shape))")
            }
        }
        for input in inputs where !expectedInputs.contains(where: { $0.name == input.name }) {
            problems.append("input '\(input.name)' is not one the engine can feed")
        }
        guard let output = outputs.first else {
            problems.append("the model has no outputs")
            return problems
        }
        if output.elementType != .float32 || !shape(output.shape, matches: [1, nil, channelCount]) {
            problems.append(
                "output 0 '\(output.name)' is \(output.elementType) \(format(output.shape)), expected float32 "
                    + "[1,T,\(channelCount)]")
        }
        return problems
    }

    private static func shape(_ declared: [Int], matches expected: [Int?]) -> Bool {
        declared.count == expected.count
            && zip(declared, expected).allSatisfy { dim, want in dim < 0 || want == nil || dim == want }
    }

    private static func format(_ shape: [Int]) -> String {
        "[" + shape.map { $0 < 0 ? "?" : String($0) }.joined(separator: ",") + "]"
    }

    private static func format(_ shape: [Int?]) -> String {
        "[" + shape.map { $0.map(String.init) ?? "N" }.joined(separator: ",") + "]"
    }
}

/// The arithmetic between a stream's audio timeline and the model's input and output rows.
///
/// The model input starts at stream sample `s0` (the segment's start minus the context prepended);
/// output row `r` shows the time `s0 / 16000 + r / fps`. Stream frame `k` shows the time `k / fps`, so it
/// takes row `round(k − s0 × fps / 16000)`, clamped to the rows the model returned.
enum UnitalkerTiming {
    /// Shortest model input: shorter inputs are padded with zeros at the end, so that even a final
    /// sliver of audio yields a few feature frames (WavLM's convolutions need at least 400 samples).
    static let minimumInputSamples = 1_600

    /// The model input for `context` followed by `samples`: normalised as a whole to zero mean and unit
    /// variance, `(x − mean) / sqrt(var + 1e-7)` (population variance, as the reference), then padded.
    static func normalisedInput(context: ArraySlice<Float>, samples: [Float]) -> [Float] {
        let count = context.count + samples.count
        var input = [Float]()
        input.reserveCapacity(max(count, minimumInputSamples))
        input.append(contentsOf: context)
        input.append(contentsOf: samples)
        if count > 0 {
            var sum = 0.0
            for value in input { sum += Double(value) }
            let mean = sum / Double(count)
            var squares = 0.0
            for value in input {
                let deviation = Double(value) - mean
                squares += deviation * deviation
            }
            let scale = 1 / (squares / Double(count) + 1e-7).squareRoot()
            for index in input.indices {
                input[index] = Float((Double(input[index]) - mean) * scale)
            }
        }
        if input.count < minimumInputSamples {
            input.append(contentsOf: repeatElement(0, count: minimumInputSamples - input.count))
        }
        return input
    }

    /// The `time_steps` input: `N × fps // 16000` (at least 1).
    static func timeSteps(inputSampleCount: Int, framesPerSecond: Double) -> Int {
        max(1, Int((Double(inputSampleCount) * framesPerSecond / Double(AudioSegment.sampleRate)).rounded(.down)))
    }

    /// The output row showing stream frame `frame` when the model input starts at stream sample
    /// `inputStartSample`: `round(frame − s0 × fps / 16000)` (halves round up), clamped to `0..<rowCount`.
    static func outputRow(
        forFrame frame: Int, inputStartSample: Int, framesPerSecond: Double, rowCount: Int
    ) -> Int {
        let exact = Double(frame) - Double(inputStartSample) * framesPerSecond / Double(AudioSegment.sampleRate)
        let row = Int((exact + 0.5).rounded(.down))
        return min(max(row, 0), rowCount - 1)
    }
}
