import Foundation

/// Runs blocking socket calls on a thread of their own. Tests that speak raw TCP must not block the
/// two cooperative threads of this machine: the server under test needs them to answer.
enum BlockingIO {
    static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
