import Foundation
import Glibc

/// Runs each process directly on this machine, in its own process group, with its output streamed
/// to its log file. The leader's exit ends the task: whatever it left behind in its group, whatever left the group
/// but carries its `Descendants` marker, and whatever left both but still runs in the task's directory, is killed
/// then, as when a container's main process exits.
///
/// `@unchecked Sendable`: `live`, `cancelled` and `cancelGrace` are guarded by `lock`.
public final class SubprocessRunner: TaskRunner, @unchecked Sendable {
    /// Seconds between SIGTERM and SIGKILL when a process times out.
    public static let timeoutGrace = 2.0

    private let lineHandler: (@Sendable (String) -> Void)?
    private let lock = NSLock()
    private var live: [pid_t: LiveProcess] = [:]
    private var cancelled = false
    private var cancelGrace = 0.0

    /// `lineHandler` receives `"<streamPrefix> <line>"` for every output line of a spec with a
    /// `streamPrefix`, on a reader thread of that process (one per process, so it must be thread-safe).
    public init(lineHandler: (@Sendable (String) -> Void)? = nil) {
        self.lineHandler = lineHandler
    }

    /// Starts `spec`, waits for its exit and the end of its output, and says how it ended.
    public func run(_ spec: ProcessSpec) -> ProcessOutcome {
        let clock = ContinuousClock(), start = clock.now
        if lock.withLock({ cancelled }) { return ProcessOutcome(.canceled(nil)) }
        if spec.container != nil { return ProcessOutcome(.launchFailed("the subprocess runner cannot run containers")) }
        var outcome: ProcessOutcome
        do {
            outcome = try runStarted(spec)
        } catch {
            outcome = ProcessOutcome(.launchFailed(error.message))
        }
        let elapsed = (clock.now - start).components
        outcome.durationSeconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        return outcome
    }

    /// Ends every live process group: SIGTERM now, SIGKILL after `grace` seconds. Returns at once;
    /// each `run` returns (marked cancelled) when its process is gone, and later `run`s are refused.
    public func cancelAll(grace: Double) {
        let victims: [LiveProcess] = lock.withLock {
            cancelled = true
            cancelGrace = grace
            return Array(live.values)
        }
        for process in victims { process.terminate(.cancel, grace: grace) }
    }

    /// Kills every live process group and every marked leftover now (SIGKILL, no grace): the second Ctrl-C.
    public func killAll() {
        let victims: [LiveProcess] = lock.withLock {
            cancelled = true
            return Array(live.values)
        }
        for process in victims {
            process.terminate(.cancel, grace: 0)
            process.signalGroup(SIGKILL)
        }
        Descendants.killAllMarked()
        Descendants.killEscaped()
    }

    /// Spawns first and opens the log while the child starts up (its output waits in the pipes): a chain of
    /// short tasks then pays for creating the log file alongside each process, not between them.
    private func runStarted(_ spec: ProcessSpec) throws(SpawnFailure) -> ProcessOutcome {
        let executable = try Self.checkLaunchable(spec)
        let (out, err) = try Self.makeOutputPipes()
        var environment = spec.environment
        var marker: String?
        if spec.marksDescendants {
            Descendants.becomeSubreaper()
            marker = Descendants.newMarker()
            environment[Descendants.markerVariable] = marker
        }
        let pid: pid_t
        do {
            pid = try ProcessLauncher.spawn(executable: executable, argv: spec.argv, environment: environment,
                                            workingDirectory: spec.workingDirectory, output: (out.write, err.write))
        } catch {
            [out.read, out.write, err.read, err.write].forEach { _ = close($0) }
            throw error
        }
        close(out.write)
        close(err.write)
        spec.afterSpawn?.body()
        let logFD: Int32
        do {
            logFD = try Self.openLog(spec.logFile)
        } catch {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            close(out.read)
            close(err.read)
            throw error
        }
        defer { close(logFD) }
        let pump = OutputPump(fds: [out.read, err.read], logFD: logFD, onLine: lineSink(prefix: spec.streamPrefix))
        let leftovers = marker.map { Leftovers(marker: $0, directory: spec.workingDirectory) }
        return supervise(pid: pid, pump: pump, timeout: spec.timeout, leftovers: leftovers)
    }

    /// Waits for the leader, kills its leftovers, drains the output, then reaps the leader. With a
    /// pidfd this thread does it all in one poll loop; without one a reader thread drains the pipes.
    private func supervise(pid: pid_t, pump: OutputPump, timeout: Double?, leftovers: Leftovers?) -> ProcessOutcome {
        let process = LiveProcess(pgid: pid)
        register(process)
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + max(0, timeout)) { [weak process] in
                process?.terminate(.timeout, grace: Self.timeoutGrace)
            }
        }
        let pidfd = GlibcExtensions.pidfd(pid)
        var groupKilled = false  // at the leader's exit, by the poll loop
        if let pidfd {
            pump.run(exitFD: pidfd) {
                // Unless SIGCHLD is ignored (it reaped itself), the leader is now a zombie: the group id is still ours.
                var info = siginfo_t()
                if waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT | WNOHANG) == 0, info._sifields._sigchld.si_pid == pid {
                    process.signalGroup(SIGKILL)
                    groupKilled = true
                }
                leftovers?.kill()  // what left the group (setsid, a double fork, env -i setsid)
            }
            close(pidfd)
        } else {
            pump.start()
        }
        var waitError: Int32 = 0
        if !groupKilled {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
                if errno != EINTR { waitError = errno; break }
            }
            if waitError == 0 { process.signalGroup(SIGKILL) }  // the leader is a zombie: the group id is still ours
        }
        if pidfd == nil {
            leftovers?.kill()
            pump.wait()
        }
        let (timedOut, cancelled) = process.finish()
        lock.withLock { _ = live.removeValue(forKey: pid) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if waitError != 0 {  // e.g. SIGCHLD set to SIG_IGN in this process: children reap themselves
            let lost = "lost track of process \(pid): \(String(cString: strerror(waitError)))"
            return ProcessOutcome(cancelled ? .canceled(nil) : .launchFailed(lost))
        }
        let exit = WaitStatus(raw: status).exitStatus
        let termination: Termination = cancelled ? .canceled(exit) : timedOut ? .timedOut(exit) : Termination(exit)
        return ProcessOutcome(termination, logError: pump.writeError)
    }

    /// What a task left outside its process group: its marked processes, and unmarked ones in its directory.
    private struct Leftovers {
        let marker: String
        let directory: String

        func kill() { Descendants.killLeftovers(marker: marker, directory: directory) }
    }

    /// Tracks `process`; when `cancelAll` ran since this run began, ends it at once.
    private func register(_ process: LiveProcess) {
        let grace: Double? = lock.withLock {
            live[process.pgid] = process
            return cancelled ? cancelGrace : nil
        }
        if let grace { process.terminate(.cancel, grace: grace) }
    }

    private func lineSink(prefix: String?) -> (@Sendable (String) -> Void)? {
        guard let prefix, let handler = lineHandler else { return nil }
        return { line in handler("\(prefix) \(line)") }
    }
}
