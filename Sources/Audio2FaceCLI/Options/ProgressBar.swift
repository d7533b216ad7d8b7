import Foundation

/// A one-line progress bar on standard error, shown only on a terminal.
struct ProgressBar {
    let enabled: Bool
    private let width = 40

    func show(fraction: Double) {
        guard enabled else { return }
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))%".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
