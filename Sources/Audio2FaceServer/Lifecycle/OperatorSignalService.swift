import Logging
import ServiceLifecycle
import UnixSignals

/// Handles the signals that must not stop the service (only SIGTERM and SIGINT drain it): SIGHUP
/// reopens the log files at their configured paths, so that logrotate can move them away (and a closed
/// terminal does not kill the server); SIGUSR1 and SIGUSR2 are logged and otherwise ignored. Each signal
/// is logged with what was done. Runs until graceful shutdown.
struct OperatorSignalService: Service {
    /// The signals this service traps; trap them (``UnixSignalsSequence``) before the server listens.
    static var handledSignals: [UnixSignal] { [.sighup, .sigusr1, .sigusr2] }

    /// The trapped signals (``handledSignals``).
    let signals: UnixSignalsSequence
    /// Reopens the log files; returns each file's path and, when it could not be reopened, why.
    let reopenLogFiles: @Sendable () -> [(path: String, failure: LoggingSetupError?)]
    let logger: Logger

    func run() async {
        for await signal in signals.cancelOnGracefulShutdown() {
            handle(signal)
        }
    }

    /// Acts on one signal and logs what was done.
    func handle(_ signal: UnixSignal) {
        let name: Logger.MetadataValue = .string("\(signal)")
        guard signal == .sighup else {
            logger.info(
                "signal ignored; only SIGTERM and SIGINT stop the service",
                metadata: ["signal": name])
            return
        }
        let files = reopenLogFiles()
        let reopened = files.filter { $0.failure == nil }.map(\.path)
        logger.notice(
            reopened.isEmpty ? "no log files to reopen" : "log files reopened",
            metadata: ["signal": name, "log.files": .string(reopened.joined(separator: ","))])
        for (path, failure) in files {
            guard let failure else { continue }
            logger.error(
                "log file not reopened; still writing to the old file",
                metadata: ["signal": name, "log.file": .string(path), "log.reason": .string(failure.description)])
        }
    }
}
