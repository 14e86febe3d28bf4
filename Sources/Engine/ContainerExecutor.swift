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
}

/// How a container task ended, after every attempt.
struct ContainerOutcome: Sendable {
    var succeeded = false
    var canceled = false
    var exitCode: Int32?
    var attempts = 0
    var logs: [String] = []
    var parameters: [String: JSONValue] = [:]
    var artifacts: [String: [RuntimeArtifact]] = [:]
    var error: String?
    /// Served from the cache instead of run.
    var cached = false
    /// `--only` took its outputs from an earlier run (no new artifacts are recorded).
    var reused = false
    /// What the cache did.
    var cache = CacheOutcome(status: "off")
}

/// Runs one container task on the host (the image is not used in this runner): builds the command
/// line, runs it with retries, and collects its outputs. Runs on a worker thread.
struct ContainerExecutor {
    let context: RunContext

    func execute(_ request: ContainerRequest) -> ContainerOutcome {
        var outcome = ContainerOutcome()
        let invocation: TaskInvocation
        var argv: [String]
        var environment = context.options.environment
        do {
            invocation = try TaskInvocation(component: request.component, container: request.container, inputs: request.inputs,
                                            taskDirectory: request.taskDirectory, job: request.job)
            argv = try invocation.commandLine()
            for construct in invocation.clusterDivergences {
                context.warnOnce("\(construct) is resolved by Tarmac but left literal by the KFP backend (first seen in \(request.name))",
                                 key: construct)
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
            try prepareDirectories(invocation)
            if let python = try pythonEnvironment(request, argv: &argv) {
                environment["PATH"] = python.binDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
                environment["VIRTUAL_ENV"] = python.root
            }
        } catch {
            outcome.error = error.message
            return outcome
        }
        let temporary = request.taskDirectory + "/tmp"
        try? Self.makeDirectory(temporary)
        environment["TMPDIR"] = temporary  // keeps the SDK's `mktemp -d` files inside the task directory
        environment[RunRecovery.runVariable] = context.runID  // lets a later tarmac find this process if we are killed
        for variable in request.container.env { environment[variable.name] = variable.value }
        let retries = max(0, request.retryPolicy?.maxRetryCount ?? 0)
        let firstStart = Date()
        for attempt in 0...retries {
            if attempt > 0, !waitBeforeRetry(attempt, policy: request.retryPolicy!, since: firstStart) { break }
            if request.retryPolicy != nil { environment["KFP_RETRY_INDEX"] = String(attempt) }
            outcome.attempts = attempt + 1
            let log = request.taskDirectory + "/logs/attempt-\(attempt).log"
            outcome.logs.append(log)
            if unlink(invocation.layout.executorOutputFile) != 0, errno != ENOENT {
                try? FileManager.default.removeItem(atPath: invocation.layout.executorOutputFile)
            }
            let spec = ProcessSpec(argv: argv, environment: environment, workingDirectory: request.taskDirectory, logFile: log,
                                   streamPrefix: context.options.streamLogs ? "[\(request.name)]" : nil)
            let process = context.runner.run(spec)
            outcome.exitCode = process.exitCode
            if process.cancelled { outcome.canceled = true; outcome.error = "canceled"; return outcome }
            guard process.succeeded else {
                outcome.error = Self.describe(process)
                continue
            }
            do {
                let collected = try collect(invocation)
                for warning in collected.warnings { context.warnOnce("\(request.name): \(warning)") }
                outcome.parameters = collected.parameters
                outcome.artifacts = collected.artifacts.mapValues { artifact in
                    var stored = artifact
                    stored.id = UUID().uuidString.lowercased()
                    return [stored]
                }
                storeInCache(request, outcome: &outcome)
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
                                                               log: request.taskDirectory + "/logs/environment.log")
        let dropped = request.container.command.count + request.container.args.count - python.programArgv.count
        if dropped > 0, dropped < argv.count { argv = Array(argv.dropFirst(dropped)) }
        return environment
    }

    private func prepareDirectories(_ invocation: TaskInvocation) throws {
        for directory in [invocation.layout.taskDirectory, invocation.layout.taskDirectory + "/logs"] + invocation.outputDirectories {
            try Self.makeDirectory(directory)
        }
    }

    /// `mkdir -p`: one `mkdir` call when the parent exists (the usual case: a run creates thousands
    /// of task directories), FileManager for missing parents, an existing path or an error.
    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o777) == 0 { return }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    private func collect(_ invocation: TaskInvocation) throws -> CollectedOutputs {
        let executorOutput = try? String(contentsOfFile: invocation.layout.executorOutputFile, encoding: .utf8)
        var files: [String: String] = [:]
        for (name, path) in invocation.outputParameterFiles {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { files[name] = text }
        }
        return try invocation.collectOutputs(executorOutputText: executorOutput, parameterFiles: files)
    }

    /// Sleeps the backoff before retry `attempt` (§6.4); false when the max duration has passed.
    private func waitBeforeRetry(_ attempt: Int, policy: RetryPolicy, since start: Date) -> Bool {
        if Date().timeIntervalSince(start) >= policy.backoffMaxDuration { return false }
        let delay = min(policy.backoffDuration * pow(policy.backoffFactor, Double(attempt - 1)), policy.backoffMaxDuration)
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        return true
    }

    static func describe(_ process: ProcessOutcome) -> String {
        if let launch = process.launchError { return launch }
        if process.timedOut { return "timed out after \(Int(process.durationSeconds)) s" }
        if let signal = process.signal { return "killed by signal \(signal)" }
        return "exited with code \(process.exitCode ?? -1)"
    }
}
