import Basics
import Foundation

/// Runs specs that carry a `ContainerInvocation` through the engine's CLI (`podman run ...`), and
/// every other spec as a plain subprocess. The engine client is an ordinary process of its
/// `SubprocessRunner`, so output streaming, logs and timeouts are the same; on cancellation or timeout
/// the container itself is removed by name (`rm --force`) before `run` returns, so none is left behind.
///
/// `@unchecked Sendable`: `live` and `cancelled` are guarded by `lock`.
public final class ContainerRunner: TaskRunner, @unchecked Sendable {
    private let engines: [ContainerEngineKind: String]
    private let processes: SubprocessRunner
    /// Never cancelled: removes containers after `processes` has been cancelled.
    private let cleaner = SubprocessRunner()
    private let lock = NSLock()
    private var live: [String: ContainerInvocation] = [:]
    private var cancelled = false

    /// `engines` maps each usable engine to its executable; `lineHandler` is the subprocess runner's.
    public init(engines: [ContainerEngineKind: String], lineHandler: (@Sendable (String) -> Void)? = nil) {
        self.engines = engines
        self.processes = SubprocessRunner(lineHandler: lineHandler)
    }

    /// Runs `spec` in its container (or as a subprocess when it has none) and says how it ended.
    public func run(_ spec: ProcessSpec) -> ProcessOutcome {
        guard var container = spec.container else { return processes.run(spec) }
        if spec.beforeContainerRemoval != nil { container.autoRemove = false }
        guard let executable = engines[container.engine] else {
            return ProcessOutcome(.launchFailed("\(container.engine.rawValue) is not available to this run"))
        }
        if let refusal = Self.nonRootRefusal(container, executable: executable, environment: spec.environment) {
            return ProcessOutcome(.launchFailed(refusal))
        }
        let refused: Bool = lock.withLock {
            if !cancelled { live[container.name] = container }
            return cancelled
        }
        if refused { return ProcessOutcome(.canceled(nil)) }
        let outcome = runClient(spec, container: container, executable: executable)
        lock.withLock { _ = live.removeValue(forKey: container.name) }
        return removed(container, after: outcome, spec: spec, executable: executable)
    }

    /// Runs the engine client of `container` to its end; the container's deadline (`spec.timeout`) removes it, and the
    /// outcome is then timed out however the client ended.
    private func runClient(_ spec: ProcessSpec, container: ContainerInvocation, executable: String) -> ProcessOutcome {
        var client = spec
        client.container = nil
        client.argv = [executable] + container.arguments
        client.marksDescendants = false  // the container's processes end with it; the engine's helpers (conmon) must not
        client.environment.merge(container.hiddenEnvironment) { _, secret in secret }
        // The deadline removes the container (the client ends with it); the client's own timeout is a backstop.
        let expired = Locked(false)
        let timer = spec.timeout.map { seconds in
            DispatchWorkItem { [self] in
                expired.withLock { $0 = true }
                remove(container, executable: executable, environment: spec.environment)
            }
        }
        if let timer, let seconds = spec.timeout { DispatchQueue.global().asyncAfter(deadline: .now() + max(0, seconds), execute: timer) }
        client.timeout = spec.timeout.map { $0 + 30 }
        var outcome = processes.run(client)
        timer?.cancel()
        if expired.current, outcome.termination.endedByItself { outcome.termination = .timedOut(outcome.termination.status) }
        return outcome
    }

    /// After its client ended: the container removed (for one kept without `--rm`, its recorded end read first and
    /// the copy-out hook run), and the outcome corrected by that end and diagnosed.
    private func removed(_ container: ContainerInvocation, after client: ProcessOutcome, spec: ProcessSpec,
                         executable: String) -> ProcessOutcome {
        var outcome = client
        var end: ContainerEnd?
        if !outcome.termination.endedByItself {
            remove(container, executable: executable, environment: spec.environment)
        } else if !container.autoRemove {
            end = endAndRemove(container, executable: executable, environment: spec.environment) { end in
                var ended = outcome
                Self.apply(end, to: &ended)
                guard let hook = spec.beforeContainerRemoval, ended.succeeded else { return }
                hook.body(ContainerFiles(executable: executable, container: container.name, environment: spec.environment))
            }
            Self.apply(end, to: &outcome)
        }
        outcome.diagnosis = Self.diagnose(outcome, container: container, end: end, logFile: spec.logFile)
        return outcome
    }

    /// Removes every running container, then ends the engine clients (SIGTERM, SIGKILL after `grace`).
    public func cancelAll(grace: Double) {
        let victims: [ContainerInvocation] = lock.withLock {
            cancelled = true
            return Array(live.values)
        }
        for container in victims {
            guard let executable = engines[container.engine] else { continue }
            Thread.detachNewThread { [self] in
                remove(container, executable: executable, environment: ProcessInfo.processInfo.environment)
            }
        }
        processes.cancelAll(grace: grace)
    }

    /// Removes every running container (all at once, waiting until each is gone), then kills the engine clients.
    public func killAll() {
        let victims: [ContainerInvocation] = lock.withLock {
            cancelled = true
            return Array(live.values)
        }
        let group = DispatchGroup()
        for container in victims {
            guard let executable = engines[container.engine] else { continue }
            DispatchQueue.global().async(group: group) { [self] in
                remove(container, executable: executable, environment: ProcessInfo.processInfo.environment)
            }
        }
        _ = group.wait(timeout: .now() + 60)
        processes.killAll()
    }

    /// `<engine> rm --force NAME` (podman: without waiting for a stop timeout); a missing container is fine.
    func remove(_ container: ContainerInvocation, executable: String, environment: [String: String]) {
        var argv = [executable, "rm", "--force"]
        if container.engine == .podman { argv += ["--time", "0"] }
        argv.append(container.name)
        _ = cleaner.run(ProcessSpec(argv: argv, environment: environment, workingDirectory: "/", logFile: "/dev/null",
                                    timeout: 60))
    }
}
