import Foundation

extension SubprocessRunner {
    /// Runs a short helper command (an engine's `info` or `image inspect`, a `ps`) from `/` and returns how it
    /// ended and what it printed (stdout and stderr together, as a task's log holds them).
    public static func capture(_ argv: [String], environment: [String: String], timeout: Double) -> (outcome: ProcessOutcome, output: String) {
        let log = NSTemporaryDirectory() + "/tarmac-capture-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let outcome = SubprocessRunner().run(ProcessSpec(argv: argv, environment: environment, workingDirectory: "/", logFile: log,
                                                          timeout: timeout))
        return (outcome, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}
