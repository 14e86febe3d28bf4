import Dispatch
import Foundation
import Runners

/// Builds the Python environment of a host Lightweight Python task while the task it waits for runs, so that
/// a later task with other packages (the ML example's deploy, after evaluate) does not build its environment
/// on the run's critical path. The scheduler starts a build next to `DirectoryPrefetch`, for the tasks that
/// wait only for a task being launched (and the first tasks of a condition, loop or sub-DAG that does).
///
/// A task asks here for its environment (this is the run's one `PythonEnvironmentStore`). When a build ran
/// ahead of it, it waits for that build and gets the build's log in its own `environment.log`; when that build
/// failed, it builds the environment itself as before, so the error is its own. At the end of the run the builds no task asked for (a condition not
/// taken, a failed upstream) are stopped; a stopped build removes its unfinished environment, like any
/// failed build, and the next run builds it again.
///
/// When this run built an environment with uv, it also compiles the bytecode of the packages in the store's uv
/// cache in the background (`PythonEnvironmentStore+Bytecode`), so the next environments with those packages
/// come with it; stopped at the end of the run like the builds (the next pass skips what this one compiled).
///
/// `@unchecked Sendable`: `builds` and `compiling` are guarded by `lock`; a `Build`'s fields are written before
/// `done` is left.
final class EnvironmentPrefetch: @unchecked Sendable {
    /// The run's store of environments, with a runner of its own, so that ending the run stops only its builds.
    let store: PythonEnvironmentStore
    private let runner: SubprocessRunner
    private let lock = NSLock()
    private var builds: [[[String]]: Build] = [:]
    private var compiling = false
    private let bytecode = DispatchGroup()

    private final class Build: @unchecked Sendable {
        let log: String
        let done = DispatchGroup()
        var environment: PythonEnvironment?
        /// Whether a task took this build's log already (the next ones find a ready environment, as they would).
        var logTaken = false

        init(log: String) { self.log = log }
    }

    /// `toolChoice` nil: from `TARMAC_ENV_TOOL`, `TARMAC_UV` and PATH.
    init(root: String, basePython: String?, toolChoice: EnvironmentToolChoice? = nil) {
        let runner = SubprocessRunner()
        self.runner = runner
        store = PythonEnvironmentStore(root: root, basePython: basePython ?? PythonEnvironmentStore.defaultBasePython,
                                       runner: runner, toolChoice: toolChoice)
    }

    /// Starts building the environment with `installSteps` on a thread of its own, unless this run did already.
    func prepare(_ installSteps: [[String]]) {
        let build: Build? = lock.withLock {
            guard builds[installSteps] == nil else { return nil }
            let build = Build(log: store.root + "/ahead-\(UUID().uuidString).log")
            builds[installSteps] = build
            build.done.enter()
            return build
        }
        guard let build else { return }
        let thread = Thread { [self] in
            build.environment = try? environmentCompilingBytecode(for: installSteps, log: build.log)
            build.done.leave()
        }
        thread.name = "tarmac.environment-ahead"
        thread.start()
    }

    /// The environment with `installSteps`: the one built ahead of the task (its build's log appended to `log`),
    /// else the one the store finds or builds now, logging to `log`.
    func environment(for installSteps: [[String]], log: String) throws(RunnerError) -> PythonEnvironment {
        let build = lock.withLock { builds[installSteps] }
        build?.done.wait()
        guard let build, let environment = build.environment else {
            return try environmentCompilingBytecode(for: installSteps, log: log)
        }
        let takesLog = lock.withLock { () -> Bool in
            defer { build.logTaken = true }
            return !build.logTaken
        }
        if takesLog, let text = try? String(contentsOfFile: build.log, encoding: .utf8) {
            PythonEnvironmentStore.appendLine("tarmac: built ahead of the tasks that use it, as the run went on:\n"
                                              + text.trimmingCharacters(in: .newlines), to: log)
        }
        return environment
    }

    /// The store's environment; the first time this run builds one with uv, the uv cache's bytecode is compiled on
    /// a thread of its own.
    private func environmentCompilingBytecode(for installSteps: [[String]], log: String) throws(RunnerError) -> PythonEnvironment {
        let (environment, builtWith) = try store.environmentAndBuilder(for: installSteps, log: log)
        guard case .uv? = builtWith else { return environment }
        let first = lock.withLock { () -> Bool in
            defer { compiling = true }
            return !compiling
        }
        guard first else { return environment }
        bytecode.enter()
        let thread = Thread { [self] in
            store.compileCachedBytecode(runner: runner)
            bytecode.leave()
        }
        thread.name = "tarmac.bytecode"
        thread.start()
        return environment
    }

    /// Waits for the bytecode compilation this run started, if any (for tests; `finish` stops it).
    func waitForBytecode() { bytecode.wait() }

    /// Stops the builds still running (no task asked for them) and the bytecode compilation, waits for all, and
    /// removes the builds' logs.
    func finish() {
        let all = lock.withLock { Array(builds.values) }
        guard !all.isEmpty || lock.withLock({ compiling }) else { return }
        runner.cancelAll(grace: 1)
        bytecode.wait()
        for build in all {
            build.done.wait()
            try? FileManager.default.removeItem(atPath: build.log)
        }
    }
}
