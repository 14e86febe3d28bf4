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
    var cache = CacheOutcome(status: "off")
    /// When the worker began with it (its cache lookup).
    var lookupStarted: Date?
    /// Each attempt's process times.
    var attemptTimes: [AttemptTime] = []
}

/// Runs one container task, on the host or in its image (`request.runner`): builds the command
/// line, runs it with retries, and collects its outputs. Runs on a worker thread.
struct ContainerExecutor {
    let context: RunContext

    func execute(_ request: ContainerRequest) -> ContainerOutcome {
        var outcome = ContainerOutcome()
        outcome.lookupStarted = Date()
        let invocation: TaskInvocation
        var argv: [String]
        var environment = context.options.environment
        var container: ContainerInvocation?
        var derivedImage: DerivedImage?
        do {
            invocation = try TaskInvocation(component: request.component, container: request.container, inputs: request.inputs,
                                            taskDirectory: request.taskDirectory, job: request.job)
            argv = try invocation.commandLine()
            for construct in invocation.clusterDivergences {
                guard let message = ClusterCompatibility.message(for: construct) else { continue }
                context.warnOnce("\(message) (first seen in \(request.name))", key: construct)
            }
            if serveFromCache(request, invocation: invocation, outcome: &outcome) { return outcome }
            if request.role == .reuse {
                reusePreviousOutputs(request, outcome: &outcome)
                return outcome
            }
            if context.options.dryRun {
                outcome.error = RunOptions.wouldRun
                return outcome
            }
            request.onExecute()
            try prepareDirectories(invocation)
            let secrets = try secretEnvironment(request.platform)
            container = try containerInvocation(request, invocation: invocation, argv: argv, secrets: secrets)
            if var derived = container, let image = try useDerivedImage(request, container: &derived, argv: &argv, secrets: secrets) {
                container = derived
                derivedImage = image
            }
            let names = request.container.env.map(\.name) + request.platform.environment.map(\.envVar)
            if let warning = EnvironmentNames.warning(task: request.name, command: argv, names: names, inContainer: container != nil) {
                context.warnOnce(warning)
            }
            if container == nil {  // in a container, a Lightweight Python component installs its packages itself
                if let python = try pythonEnvironment(request, argv: &argv) {
                    environment["PATH"] = python.binDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
                    environment["VIRTUAL_ENV"] = python.root
                }
                for variable in context.options.containers.environment { environment[variable.name] = variable.value }
                environment.merge(secrets) { _, secret in secret }
            }
        } catch {
            outcome.error = error.message
            return outcome
        }
        environment["TMPDIR"] = context.temporaryDirectory()  // keeps the SDK's `mktemp -d` files inside the run's directory
        environment[RunRecovery.runVariable] = context.runID  // lets a later tarmac find this process if we are killed
        for variable in request.container.env { environment[variable.name] = variable.value }
        let guardian = TaskDirectoryGuard(taskDirectory: invocation.layout.taskDirectory,
                                          realTaskDirectory: context.realPath(ofTaskDirectory: invocation.layout.taskDirectory))
        let retries = max(0, request.retryPolicy?.maxRetryCount ?? 0)
        let timeout = Self.timeout(task: request.platform.timeout, run: context.options.taskTimeout)
        let firstStart = Date()
        let stagingFailures = StagingFailures()
        let copyOut = container == nil ? nil : customPathHook(invocation, argv: argv, guardian: guardian, failures: stagingFailures)
        for attempt in 0...retries {
            if attempt > 0, !waitBeforeRetry(attempt, policy: request.retryPolicy!, since: firstStart) { break }
            if request.retryPolicy != nil { environment["KFP_RETRY_INDEX"] = String(attempt) }
            let attemptContainer = container.map { Self.container($0, attempt: attempt, retries: request.retryPolicy != nil) }
            let attemptArgv = request.retryPolicy != nil ? Self.substituteRetries(in: argv, attempt: attempt) : argv
            outcome.attempts = attempt + 1
            let log = RunLayout.attemptLog(taskDirectory: request.taskDirectory, attempt: attempt)
            outcome.logs.append(log)
            // An earlier attempt may have planted links where Tarmac writes next: remove them first.
            if attempt > 0 {
                try? FileManager.default.removeItem(atPath: log)
                if unlink(invocation.layout.executorOutputFile) != 0, errno != ENOENT {
                    try? FileManager.default.removeItem(atPath: invocation.layout.executorOutputFile)
                }
            }
            var spec = ProcessSpec(argv: attemptArgv, environment: environment, workingDirectory: request.taskDirectory, logFile: log,
                                   streamPrefix: context.options.streamLogs ? "[\(request.name)]" : nil,
                                   timeout: timeout?.seconds, container: attemptContainer)
            spec.beforeContainerRemoval = copyOut
            var record = InvocationRecord(spec: spec, base: context.options.environment, executorInput: invocation.executorInput,
                                          image: try? invocation.image(), attempt: attempt,
                                          secrets: Set(request.platform.environment.map(\.envVar)))
            record.containerShell = attemptContainer.map(Self.shellContainer)
            let recorder = context.recorder, task = request.name
            spec.afterSpawn = SpawnHook { [record] in recorder.invocationStarted(task, record: record) }  // while the process starts up
            outcome.command = attemptArgv
            let launched = Date()
            let process = context.runner.run(spec)
            outcome.attemptTimes.append(AttemptTime(attempt: attempt, started: launched, finished: Date(), exitCode: process.exitCode))
            if process.launchError != nil { recorder.invocationStarted(task, record: record) }  // `inspect` still shows what was tried
            outcome.exitCode = process.exitCode
            if process.cancelled { outcome.canceled = true; outcome.error = "canceled"; return outcome }
            if let logError = process.logError, process.succeeded {
                context.warnOnce("\(request.name): its log \(log) is incomplete (\(logError))")
            }
            guard process.succeeded else {
                outcome.error = Self.describe(process, timeout: timeout)
                    + DiskSpace.note(for: [request.taskDirectory] + invocation.outputDirectories)
                continue
            }
            do {
                let collected = try collect(invocation, guardian: guardian)
                try bringInCustomPaths(collected, guardian: guardian, inContainer: container != nil,
                                       copiedOut: copyOut != nil, failures: stagingFailures, task: request.name)
                for warning in collected.warnings { context.warnOnce("\(request.name): \(warning)") }
                outcome.parameters = collected.parameters
                outcome.artifacts = collected.artifacts.mapValues { artifact in
                    var stored = artifact
                    stored.id = UUID().uuidString.lowercased()
                    return [stored]
                }
                storeInCache(request, outcome: &outcome)
                if let derivedImage { recordDerivedImageUse(derivedImage, outcome: outcome) }
                outcome.succeeded = true
                outcome.error = nil
                return outcome
            } catch {
                outcome.error = error.message
            }
        }
        return outcome
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
    private func collect(_ invocation: TaskInvocation, guardian: TaskDirectoryGuard) throws -> CollectedOutputs {
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
    private func waitBeforeRetry(_ attempt: Int, policy: RetryPolicy, since start: Date) -> Bool {
        if Date().timeIntervalSince(start) >= policy.backoffMaxDuration { return false }
        let delay = min(policy.backoffDuration * pow(policy.backoffFactor, Double(attempt - 1)), policy.backoffMaxDuration)
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        return true
    }

    /// The attempt time limit: the shorter of the task's `activeDeadlineSeconds` and `--task-timeout`.
    static func timeout(task: Double?, run: Double?) -> (seconds: Double, source: String)? {
        switch (task, run) {
        case (let task?, let run?): return task <= run ? (task, "activeDeadlineSeconds") : (run, "--task-timeout")
        case (let task?, nil): return (task, "activeDeadlineSeconds")
        case (nil, let run?): return (run, "--task-timeout")
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
