import Foundation
import Glibc
@testable import Runners

/// Helpers shared by the Runners tests.
enum TestSupport {
    /// The package's root directory, found from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, RunnersTests, Tests
        return url.path
    }()

    /// A fresh empty directory under the system temp directory.
    static func makeTemporaryDirectory(_ label: String = "runners") throws -> String {
        let path = NSTemporaryDirectory() + "/tarmac-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return (path as NSString).standardizingPath
    }

    /// A minimal environment for shell-based test processes.
    static let shellEnvironment = ["PATH": "/usr/bin:/bin", "LANG": "C"]

    /// A spec running `script` with `/bin/sh -c` in `directory`, logging to `directory/log.txt`.
    static func shell(_ script: String, in directory: String, prefix: String? = nil, timeout: Double? = nil,
                      environment: [String: String] = shellEnvironment) -> ProcessSpec {
        ProcessSpec(argv: ["sh", "-c", script], environment: environment, workingDirectory: directory,
                    logFile: directory + "/logs/log.txt", streamPrefix: prefix, timeout: timeout)
    }

    /// The pids of living (not zombie) processes in group `pgid`, read from /proc: `kill(-pgid, 0)`
    /// alone would also count zombies that an init which does not reap leaves behind.
    static func livingMembers(of pgid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")  // state, ppid, pgrp, …
            guard fields.count > 2, fields[0] != "Z", pid_t(fields[2]) == pgid else { return nil }
            return pid
        }
    }

    /// Whether any living process of group `pgid` remains (ESRCH from `kill(-pgid, 0)` settles it).
    static func groupExists(_ pgid: pid_t) -> Bool {
        if kill(-pgid, 0) != 0 && errno == ESRCH { return false }
        return !livingMembers(of: pgid).isEmpty
    }

    /// Polls `condition` every 20 ms for up to `seconds`.
    static func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Reads an integer that a test process wrote to `path`, waiting up to 10 s for it.
    static func readPid(_ path: String) -> pid_t? {
        var pid: pid_t?
        _ = eventually(within: 10) {
            pid = (try? String(contentsOfFile: path, encoding: .utf8))
                .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return pid != nil
        }
        return pid
    }

    /// True when `CI=true`: environment-dependent tests must then run, never skip.
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
}

/// Collects the lines a runner hands to its line handler.
/// `@unchecked Sendable`: `lines` is guarded by `lock`.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    /// The handler to give a `SubprocessRunner`.
    var handler: @Sendable (String) -> Void { { [self] line in lock.withLock { collected.append(line) } } }
    /// Everything received so far.
    var lines: [String] { lock.withLock { collected } }
}

/// A `run` on its own thread, so that a test can cancel it meanwhile.
/// `@unchecked Sendable`: `result` is written once before `done` is signalled and read after.
final class BackgroundRun: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: ProcessOutcome?

    init(_ runner: TaskRunner, _ spec: ProcessSpec) {
        let thread = Thread { [self] in
            result = runner.run(spec)
            done.signal()
        }
        thread.start()
    }

    /// The outcome, or nil when the run has not returned within `seconds`.
    func wait(seconds: Double) -> ProcessOutcome? {
        done.wait(timeout: .now() + seconds) == .success ? result : nil
    }
}

extension ProcessOutcome {
    /// Why it could not be started, when it could not.
    var launchFailure: String? {
        if case .launchFailed(let why) = termination { return why }
        return nil
    }

    /// Ended by its timeout (however its process then ended).
    var isTimedOut: Bool {
        if case .timedOut = termination { return true }
        return false
    }

    /// Ended (or refused) by `cancelAll`.
    var isCanceled: Bool {
        if case .canceled = termination { return true }
        return false
    }
}
