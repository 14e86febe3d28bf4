import Foundation
import RunDatabase
import Runners
#if canImport(Glibc)
import Glibc
#endif

/// Finds runs whose tarmac process was killed (a RUNNING row whose `RunLock` nobody holds), marks them
/// INTERRUPTED and ends the task processes they left behind. Runs at the start of later commands:
/// no daemon is needed. Task processes are recognised by `TARMAC_RUN_ID=<run>` in their environment.
public enum RunRecovery {
    /// What was recovered.
    public struct Recovered: Sendable {
        /// The interrupted run.
        public let runID: String
        /// Task processes of that run that were still alive and were ended.
        public let endedProcesses: Int
        /// Its containers (labelled `tarmac.run=<run>`) that were still there and were removed.
        public let removedContainers: Int
    }

    /// The environment variable every task process of a run carries.
    public static let runVariable = "TARMAC_RUN_ID"

    /// Recovers every dead run of `store`. A run of this very process is never touched.
    public static func recover(store: RunStore) -> [Recovered] {
        guard let running = try? store.runningRuns() else { return [] }
        var recovered: [Recovered] = []
        for run in running where !RunLock.isAlive(databasePath: store.path, runID: run.id, pid: run.pid) {
            let ended = endOrphans(of: run.id)
            let removed = removeOrphanContainers(of: run.id)
            let reason = "interrupted: its tarmac process (pid \(run.pid.map(String.init) ?? "?")) ended without finishing the run"
            if (try? store.markInterrupted(runID: run.id, reason: reason)) == true {
                recovered.append(Recovered(runID: run.id, endedProcesses: ended, removedContainers: removed))
            }
        }
        return recovered
    }

    /// Kills the process group of every process whose environment names `runID`; returns how many
    /// processes were found.
    static func endOrphans(of runID: String) -> Int {
        let needle = Array("\(runVariable)=\(runID)\0".utf8)
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        var found = 0
        for pid in pids where pid != getpid() {
            guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
                  environment.range(of: Data(needle)) != nil else { continue }
            found += 1
            let group = getpgid(pid)
            if group > 1, group != getpgrp() { kill(-group, SIGKILL) }
            kill(pid, SIGKILL)
        }
        return found
    }

    /// Removes the containers of `runID` left by a killed run, with every engine client on PATH
    /// (the container runner labels each container `tarmac.run=<run>`); returns how many.
    static func removeOrphanContainers(of runID: String) -> Int {
        let environment = ProcessInfo.processInfo.environment
        var removed = 0
        for kind in [ContainerEngineKind.podman, .docker] {
            guard let client = ProcessLauncher.resolveExecutable(kind.rawValue, environment: environment, workingDirectory: "/") else { continue }
            let ids = output(of: [client, "ps", "--all", "--quiet", "--filter", "label=tarmac.run=\(runID)"], environment: environment)
                .split(whereSeparator: \.isWhitespace).map(String.init)
            guard !ids.isEmpty else { continue }
            _ = output(of: [client, "rm", "--force"] + ids, environment: environment)
            removed += ids.count
        }
        return removed
    }

    private static func output(of argv: [String], environment: [String: String]) -> String {
        let (outcome, output) = SubprocessRunner.capture(argv, environment: environment, timeout: 60)
        return outcome.succeeded ? output : ""
    }
}
