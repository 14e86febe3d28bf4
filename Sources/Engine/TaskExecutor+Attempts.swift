import Basics
import Foundation
import PipelineIR
import Planner
import Runners

/// What the attempts of one container task share besides its prepared execution: made once by `runAttempts`.
struct AttemptSetting {
    let guardian: TaskDirectoryGuard
    /// The attempt time limit and where it came from.
    let timeout: (seconds: Double, source: String)?
    /// Container copies that failed, written by `copyOut`.
    let stagingFailures: StagingFailures
    /// Copies a container's `custom_path` outputs out before it is removed; nil on the host or without any.
    let copyOut: ContainerHook?
}

extension TaskExecutor {
    /// The retry loop (§6.4): attempt after attempt, the back-off waited out between them, until one succeeds
    /// and its outputs are collected and stored, the run is canceled, or the retries (or the back-off's max duration)
    /// are spent: the last attempt's ending is the task's.
    func runAttempts(_ request: TaskRequest, _ prepared: PreparedExecution, outcome: inout TaskOutcome) -> Ending {
        let setting = attemptSetting(request, prepared)
        let firstStart = context.clock.now()
        var number = 0
        var ending = attempt(0, request, prepared, setting, outcome: &outcome)
        while case .retry(let next, let wait) = RetryDecision.after(attempt: number, ending: ending, policy: request.retryPolicy,
                                                                    elapsed: context.clock.now().timeIntervalSince(firstStart)) {
            if wait > 0 { context.clock.sleep(seconds: wait) }
            number = next
            ending = attempt(next, request, prepared, setting, outcome: &outcome)
        }
        return ending
    }

    private func attemptSetting(_ request: TaskRequest, _ prepared: PreparedExecution) -> AttemptSetting {
        let layout = prepared.invocation.layout
        let guardian = TaskDirectoryGuard(taskDirectory: layout.taskDirectory,
                                          realTaskDirectory: context.realPath(ofTaskDirectory: layout.taskDirectory))
        let failures = StagingFailures()
        let copyOut = prepared.container == nil ? nil : customPathHook(prepared.invocation, argv: prepared.argv, guardian: guardian,
                                                                       failures: failures)
        return AttemptSetting(guardian: guardian, timeout: Self.timeout(task: request.platform.timeout, run: context.options.placement.taskTimeout,
                                                                       runName: context.name(.taskTimeout)),
                              stagingFailures: failures, copyOut: copyOut)
    }

    /// Attempt `attempt`: its process, then, when it succeeded, `collect` and `store`.
    private func attempt(_ attempt: Int, _ request: TaskRequest, _ prepared: PreparedExecution, _ setting: AttemptSetting,
                         outcome: inout TaskOutcome) -> Ending {
        let process = launch(attempt, request, prepared, timeout: setting.timeout, copyOut: setting.copyOut, outcome: &outcome)
        if case .canceled = process.termination { return .canceled }
        guard process.succeeded else {
            let failure = TaskFailure(Self.describe(process, timeout: setting.timeout)
                                      + DiskSpace.note(for: [request.taskDirectory] + prepared.invocation.outputDirectories))
            if case .timedOut = process.termination { return .timedOut(failure) }
            return .failed(failure)
        }
        if let logError = process.logError {
            context.warnOnce("\(request.name): its log \(outcome.logs.last ?? "") is incomplete (\(logError))")
        }
        do {
            try collect(request, prepared, setting, outcome: &outcome)
        } catch {
            return .failed(TaskFailure(error.message))
        }
        store(request, prepared, outcome: &outcome)
        return .succeeded
    }

    /// Runs attempt `attempt`'s process through the runner, its invocation recorded as it starts.
    private func launch(_ attempt: Int, _ request: TaskRequest, _ prepared: PreparedExecution,
                        timeout: (seconds: Double, source: String)?, copyOut: ContainerHook?,
                        outcome: inout TaskOutcome) -> ProcessOutcome {
        let spec = attemptSpec(attempt, request, prepared, timeout: timeout, copyOut: copyOut, outcome: &outcome)
        var record = InvocationRecord(spec: spec, base: context.options.inputs.environment, executorInput: prepared.invocation.executorInput,
                                      image: try? prepared.invocation.image(), attempt: attempt,
                                      secrets: Set(request.platform.environment.map(\.envVar)))
        record.containerShell = spec.container.map(Self.shellContainer)
        let recorder = context.recorder, task = request.name
        var started = spec
        started.afterSpawn = SpawnHook { [record] in recorder.invocationStarted(task, record: record) }  // while the process starts up
        let launched = Date()
        let process = context.runner.run(started)
        outcome.attemptTimes.append(AttemptTime(attempt: attempt, started: launched, finished: Date(), exitCode: process.exitCode))
        if case .launchFailed = process.termination { recorder.invocationStarted(task, record: record) }  // `inspect` still shows what was tried
        outcome.exitCode = process.exitCode
        return process
    }

    /// The process of attempt `attempt`: `KFP_RETRY_INDEX` and `{{retries}}` for a task with a retry policy, its own
    /// log (an earlier attempt's planted files removed first) and, in a container, its own container name.
    private func attemptSpec(_ attempt: Int, _ request: TaskRequest, _ prepared: PreparedExecution,
                             timeout: (seconds: Double, source: String)?, copyOut: ContainerHook?,
                             outcome: inout TaskOutcome) -> ProcessSpec {
        let retried = request.retryPolicy != nil
        var environment = prepared.environment
        if retried { environment["KFP_RETRY_INDEX"] = String(attempt) }
        let attemptArgv = retried ? Self.substituteRetries(in: prepared.argv, attempt: attempt) : prepared.argv
        outcome.attempts = attempt + 1
        let log = RunLayout.attemptLog(taskDirectory: request.taskDirectory, attempt: attempt)
        outcome.logs.append(log)
        if attempt > 0 { removePlantedFiles(log: log, executorOutput: prepared.invocation.layout.executorOutputFile) }
        outcome.command = attemptArgv
        var spec = ProcessSpec(argv: attemptArgv, environment: environment, workingDirectory: request.taskDirectory, logFile: log,
                               streamPrefix: context.options.output.streamLogs ? "[\(request.name)]" : nil, timeout: timeout?.seconds,
                               container: prepared.container.map { Self.container($0, attempt: attempt, retries: retried) })
        spec.beforeContainerRemoval = copyOut
        return spec
    }

    /// An earlier attempt may have planted links where Tarmac writes next: they are removed first.
    private func removePlantedFiles(log: String, executorOutput: String) {
        try? FileManager.default.removeItem(atPath: log)
        if unlink(executorOutput) != 0, errno != ENOENT {
            try? FileManager.default.removeItem(atPath: executorOutput)
        }
    }

    /// Collects a successful attempt's outputs (a failure to collect them fails the attempt).
    private func collect(_ request: TaskRequest, _ prepared: PreparedExecution, _ setting: AttemptSetting,
                         outcome: inout TaskOutcome) throws {
        let collected = try collect(prepared.invocation, guardian: setting.guardian)
        try bringInCustomPaths(collected, guardian: setting.guardian, inContainer: prepared.container != nil,
                               copiedOut: setting.copyOut != nil, failures: setting.stagingFailures, task: request.name)
        for warning in collected.warnings { context.warnOnce("\(request.name): \(warning)") }
        outcome.parameters = collected.parameters
        outcome.artifacts = collected.artifacts.mapValues { artifact in
            var stored = artifact
            stored.id = UUID().uuidString.lowercased()
            return [stored]
        }
    }

    /// Stores the collected outputs in the cache, and the derived image's use with its entry.
    private func store(_ request: TaskRequest, _ prepared: PreparedExecution, outcome: inout TaskOutcome) {
        storeInCache(request, outcome: &outcome)
        if let derivedImage = prepared.derivedImage { recordDerivedImageUse(derivedImage, outcome: outcome) }
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
        let status: ExitStatus?
        switch process.termination {
        case .launchFailed(let why): return why
        case .timedOut:
            let limit = timeout.map { "\(JSONValue.formatNumber($0.seconds)) s (\($0.source))" } ?? "\(Int(process.durationSeconds)) s"
            return "timed out after \(limit); its process group was ended"
        case .exited, .signaled, .canceled: status = process.termination.status
        }
        let ending = if case .signaled(let signal)? = status { "killed by signal \(signal)" } else { "exited with code \(process.exitCode ?? -1)" }
        return ending + (process.logError.map { "; its log is incomplete (\($0))" } ?? "")
    }
}
