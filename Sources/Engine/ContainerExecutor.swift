import Basics
import Foundation
import PipelineIR
import Planner
import Runners

/// Everything a worker needs to execute one container task, copied off the scheduler queue.
struct ContainerRequest: Sendable {
    let name: String
    let component: ComponentSpec
    let container: PipelineContainerSpec
    let inputs: TaskInputs
    let taskDirectory: String
    let job: JobInfo
    let retryPolicy: RetryPolicy?
    /// The task as written in its DAG (caching options, component reference).
    let task: PipelineTaskSpec
    /// Its kfp-kubernetes settings, if any.
    let kubernetes: KubernetesExecutorConfig?
    /// Its part in a partial run.
    var role: TaskSelection.Role = .run
    /// Called once when the task will really execute (not served from the cache), before its environment is prepared.
    var onExecute: @Sendable () -> Void = {}
    /// Host or container (`--runner`, `--runner-for`).
    var runner: RunnerChoice = .subprocess
    /// Its kfp-kubernetes settings, names resolved.
    var platform = TaskPlatform()
    /// GPU indices the scheduler handed to it (given back when it ends).
    var gpus: [Int] = []
    /// The run's workspace volume name (`<run resource name>-kfp-workspace`) when the task uses the workspace.
    var workspaceVolume: String?
}

/// How a container task ended, after every attempt.
struct ContainerOutcome: Sendable {
    var succeeded = false
    var canceled = false
    var exitCode: Int32?
    var attempts = 0
    var logs: [String] = []
    /// The last attempt's command line.
    var command: [String]?
    var parameters: [String: JSONValue] = [:]
    var artifacts: [String: [RuntimeArtifact]] = [:]
    var error: String?
    /// Served from the cache instead of run.
    var cached = false
    /// `--only` took its outputs from an earlier run (no new artifacts are recorded).
    var reused = false
    /// What the cache did.
    var cache = CacheOutcome(status: .off)
    /// When the worker began with it (its cache lookup).
    var lookupStarted: Date?
    /// Each attempt's process times.
    var attemptTimes: [AttemptTime] = []

    /// The task's end state.
    var state: TaskState { cached ? .cached : succeeded ? .succeeded : (canceled ? .canceled : .failed) }
}

/// Runs one container task, on the host or in its image (`request.runner`): builds the command
/// line, runs it with retries, and collects its outputs. Runs on a worker thread.
struct ContainerExecutor {
    let context: RunContext

    func execute(_ request: ContainerRequest) -> ContainerOutcome {
        var outcome = ContainerOutcome()
        outcome.lookupStarted = Date()
        guard let prepared = prepare(request, outcome: &outcome) else { return outcome }
        return runAttempts(request, prepared, outcome: outcome)
    }

    /// Builds the command line and, unless the cache, `--only` or a dry run ends the task here (nil; `outcome` says
    /// how), makes its directories, container and environment.
    private func prepare(_ request: ContainerRequest, outcome: inout ContainerOutcome) -> PreparedExecution? {
        do {
            let invocation = try TaskInvocation(component: request.component, container: request.container, inputs: request.inputs,
                                                taskDirectory: request.taskDirectory, job: request.job)
            var argv = try invocation.commandLine()
            for construct in invocation.clusterDivergences {
                guard let message = ClusterCompatibility.message(for: construct) else { continue }
                context.warnOnce("\(message) (first seen in \(request.name))", key: construct)
            }
            if serveFromCache(request, invocation: invocation, outcome: &outcome) { return nil }
            if request.role == .reuse {
                reusePreviousOutputs(request, outcome: &outcome)
                return nil
            }
            if context.options.dryRun {
                outcome.error = RunOptions.wouldRun
                return nil
            }
            request.onExecute()
            try prepareDirectories(invocation)
            let secrets = try secretEnvironment(request.platform)
            var container = try containerInvocation(request, invocation: invocation, argv: argv, secrets: secrets)
            var derivedImage: DerivedImage?
            if var derived = container, let image = try useDerivedImage(request, container: &derived, argv: &argv, secrets: secrets) {
                container = derived
                derivedImage = image
            }
            let names = request.container.env.map(\.name) + request.platform.environment.map(\.envVar)
            if let warning = EnvironmentNames.warning(task: request.name, command: argv, names: names, inContainer: container != nil) {
                context.warnOnce(warning)
            }
            let environment = try processEnvironment(request, argv: &argv, secrets: secrets, inContainer: container != nil)
            return PreparedExecution(invocation: invocation, argv: argv, environment: environment, container: container,
                                     derivedImage: derivedImage)
        } catch {
            outcome.error = error.message
            return nil
        }
    }

    /// The environment of the task's process: on the host with its venv, `--env` and secrets (in a container a
    /// Lightweight Python component installs its packages itself), then the run's and the component's variables.
    private func processEnvironment(_ request: ContainerRequest, argv: inout [String], secrets: [String: String],
                                    inContainer: Bool) throws -> [String: String] {
        var environment = context.options.inputs.environment
        if !inContainer {
            if let python = try pythonEnvironment(request, argv: &argv) {
                environment["PATH"] = python.binDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
                environment["VIRTUAL_ENV"] = python.root
            }
            for variable in context.options.placement.containers.environment { environment[variable.name] = variable.value }
            environment.merge(secrets) { _, secret in secret }
        }
        environment["TMPDIR"] = context.temporaryDirectory()  // keeps the SDK's `mktemp -d` files inside the run's directory
        environment[RunRecovery.runVariable] = context.runID  // lets a later tarmac find this process if we are killed
        for variable in request.container.env { environment[variable.name] = variable.value }
        return environment
    }

    /// For a Lightweight Python component: the content-addressed venv with its packages, and the
    /// command without its pip step (the venv already has what it installs).
    private func pythonEnvironment(_ request: ContainerRequest, argv: inout [String]) throws -> PythonEnvironment? {
        guard let python = LightweightPythonCommand.parse(command: request.container.command, args: request.container.args) else {
            return nil
        }
        let environment = try context.environments.environment(for: python.installSteps,
                                                               log: RunLayout.environmentLog(taskDirectory: request.taskDirectory))
        let dropped = request.container.command.count + request.container.args.count - python.programArgv.count
        if dropped > 0, dropped < argv.count { argv = Array(argv.dropFirst(dropped)) }
        return environment
    }

    private func prepareDirectories(_ invocation: TaskInvocation) throws {
        var made: Set<String> = []
        for directory in [invocation.layout.taskDirectory] + invocation.outputDirectories
        where made.insert(directory).inserted {
            try Self.makeDirectory(directory)
        }
    }

    /// `mkdir -p`: one `mkdir` call when the parent exists (the usual case: a run creates thousands
    /// of task directories), one `stat` when the directory exists already (`DirectoryPrefetch` made it),
    /// FileManager for missing parents, another file in the way or an error.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o777) == 0 { return }
        var status = stat()
        if errno == EEXIST, lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { return }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Reads the outputs through `guardian`: no file outside the task directory is read, no artifact path may lead out of it.
    func collect(_ invocation: TaskInvocation, guardian: TaskDirectoryGuard) throws -> CollectedOutputs {
        let executorOutput = try guardian.readText(invocation.layout.executorOutputFile, what: "the executor output file")
        var files: [String: String] = [:]
        for (name, path) in invocation.outputParameterFiles.sorted(by: { $0.key < $1.key }) {
            if let text = try guardian.readText(path, what: "output parameter file '\(name)'") { files[name] = text }
        }
        let collected = try invocation.collectOutputs(executorOutputText: executorOutput, parameterFiles: files)
        for (key, artifact) in collected.artifacts.sorted(by: { $0.key < $1.key }) {
            try guardian.checkArtifact(key, path: artifact.uri)
        }
        return collected
    }

    /// Sleeps the backoff before retry `attempt` (§6.4); false when the max duration has passed.
    func waitBeforeRetry(_ attempt: Int, policy: RetryPolicy, since start: Date) -> Bool {
        if context.clock.now().timeIntervalSince(start) >= policy.backoffMaxDuration { return false }
        let delay = min(policy.backoffDuration * pow(policy.backoffFactor, Double(attempt - 1)), policy.backoffMaxDuration)
        if delay > 0 { context.clock.sleep(seconds: delay) }
        return true
    }

    /// The attempt time limit: the shorter of the task's `activeDeadlineSeconds` and the run's (`--task-timeout`, named `runName`).
    static func timeout(task: Double?, run: Double?, runName: String) -> (seconds: Double, source: String)? {
        switch (task, run) {
        case (let task?, let run?): return task <= run ? (task, "activeDeadlineSeconds") : (run, runName)
        case (let task?, nil): return (task, "activeDeadlineSeconds")
        case (nil, let run?): return (run, runName)
        case (nil, nil): return nil
        }
    }

    /// One line saying how a failed attempt ended; a timeout names the limit and where it came from, not the time taken to end it.
    static func describe(_ process: ProcessOutcome, timeout: (seconds: Double, source: String)? = nil) -> String {
        if let diagnosis = process.diagnosis { return diagnosis }
        if let launch = process.launchError { return launch }
        if process.timedOut {
            let limit = timeout.map { "\(JSONValue.formatNumber($0.seconds)) s (\($0.source))" } ?? "\(Int(process.durationSeconds)) s"
            return "timed out after \(limit); its process group was ended"
        }
        let ending = process.signal.map { "killed by signal \($0)" } ?? "exited with code \(process.exitCode ?? -1)"
        return ending + (process.logError.map { "; its log is incomplete (\($0))" } ?? "")
    }
}
