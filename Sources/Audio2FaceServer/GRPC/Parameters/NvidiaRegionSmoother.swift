import Foundation

/// A one-pole low-pass filter over some channels of consecutive frames, for `upperFaceSmoothing` and
/// `lowerFaceSmoothing`: `y[n] = y[n-1] + (1 - r)(x[n] - y[n-1])` with `r = exp(-1 / (fps × τ))`, so a
/// step reaches 63 % of its height after τ seconds. The first frame passes unchanged; the state carries
/// over from one run of frames to the next.
struct NvidiaRegionSmoother: Sendable {
    /// The columns this filter smooths.
    let columns: [Int]
    /// The share of the previous output kept per frame (`r`); 0 passes frames unchanged.
    let retention: Float
    /// The last output of each column, nil before the first frame.
    private var previous: [Float]?

    /// A filter over `columns` with time constant `timeConstantSeconds` (0: no smoothing) at `frameRate`.
    init(columns: [Int], timeConstantSeconds: Float, frameRate: Double) {
        self.columns = columns
        retention = timeConstantSeconds > 0 ? Float(exp(-1 / (frameRate * Double(timeConstantSeconds)))) : 0
    }

    /// Whether the filter changes anything.
    var isActive: Bool { retention > 0 && !columns.isEmpty }

    /// Smooths the filter's columns of one frame, `row` being the frame's values in column order.
    mutating func smooth(_ row: inout [Float]) {
        guard isActive else { return }
        guard var state = previous else {
            previous = columns.map { row[$0] }
            return
        }
        for (slot, column) in columns.enumerated() {
            let value = state[slot] + (1 - retention) * (row[column] - state[slot])
            state[slot] = value
            row[column] = value
        }
        previous = state
    }
}
