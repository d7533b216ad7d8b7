import Dispatch
import Foundation
import Synchronization

/// A fixed set of dedicated threads for blocking calls (ONNX Runtime's `Run`), so they never occupy
/// Swift's cooperative thread pool. At most `threadCount` jobs run at once; more wait in FIFO order.
///
/// Each job learns the index of the worker running it (0 ..< threadCount), which lets a caller give
/// every worker its own resource, such as one ORT session per worker.
final class InferenceThreadPool: Sendable {
    typealias Job = @Sendable (_ workerIndex: Int) -> Void

    private struct State {
        var jobs: [Job] = []
        var head = 0
        var isShutDown = false
    }

    /// Number of worker threads.
    let threadCount: Int
    private let state = Mutex(State())
    /// Counts queued jobs plus shutdown wake-ups; a worker sleeps on it while there is nothing to do.
    private let pending = DispatchSemaphore(value: 0)

    /// Starts `threadCount` worker threads named `name-0`, `name-1`, ….
    init(threadCount: Int, name: String) {
        precondition(threadCount > 0, "an inference pool needs at least one thread")
        self.threadCount = threadCount
        for index in 0..<threadCount {
            let thread = Thread { [self] in workerLoop(index) }
            thread.name = "\(name)-\(index)"
            // ORT runs graph kernels on the calling thread too; give it a main-thread-sized stack.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `work` on a worker thread and returns its result; the caller's task is suspended, not
    /// blocked, meanwhile.
    func run<Result: Sendable>(
        _ work: @escaping @Sendable (_ workerIndex: Int) throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let accepted = state.withLock { state -> Bool in
                guard !state.isShutDown else { return false }
                state.jobs.append { workerIndex in
                    continuation.resume(with: Swift.Result { try work(workerIndex) })
                }
                return true
            }
            if accepted {
                pending.signal()
            } else {
                continuation.resume(throwing: CancellationError())
            }
        }
    }

    /// Lets the workers finish the queued jobs, then stop. Later `run` calls throw `CancellationError`.
    func shutDown() {
        let alreadyDown = state.withLock { state -> Bool in
            defer { state.isShutDown = true }
            return state.isShutDown
        }
        guard !alreadyDown else { return }
        for _ in 0..<threadCount { pending.signal() }
    }

    private func workerLoop(_ index: Int) {
        while true {
            pending.wait()
            let next = state.withLock { state -> Job?? in
                if state.head < state.jobs.count {
                    let job = state.jobs[state.head]
                    state.head += 1
                    if state.head > 64, state.head * 2 > state.jobs.count {
                        state.jobs.removeFirst(state.head)
                        state.head = 0
                    }
                    return .some(job)
                }
                return state.isShutDown ? .none : .some(nil)
            }
            switch next {
            case .none: return  // shut down and drained
            case .some(nil): continue  // a shutdown wake-up while jobs remain elsewhere
            case .some(let job?): job(index)
            }
        }
    }
}
