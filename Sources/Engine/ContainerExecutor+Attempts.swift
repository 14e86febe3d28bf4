import Basics
import Foundation
import Planner
import Runners

/// What every attempt of one container task shares, made once by `ContainerExecutor.prepare`.
struct PreparedExecution {
    let invocation: TaskInvocation
    /// The command line (on the host without its pip step).
    let argv: [String]
    let environment: [String: String]
    /// The container it runs in; nil on the host.
    let container: ContainerInvocation?
    /// The derived image it runs in (`ContainerExecutor+DerivedImage`), whose use is recorded when it succeeds.
    let derivedImage: DerivedImage?
}

extension ContainerExecutor {
    /// The retry loop (§6.4): attempt after attempt, the back-off waited out between them, until one succeeds
    /// and its outputs are collected, the run is canceled, or the retries (or the back-off's max duration) are spent.
    func runAttempts(_ request: ContainerRequest, _ prepared: PreparedExecution, outcome start: ContainerOutcome) -> ContainerOutcome {
        var outcome = start
        var environment = prepared.environment
        let layout = prepared.invocation.layout
        let guardian = TaskDirectoryGuard(taskDirectory: layout.taskDirectory,
                                          realTaskDirectory: context.realPath(ofTaskDirectory: layout.taskDirectory))
        let retries = max(0, request.retryPolicy?.maxRetryCount ?? 0)
        let timeout = Self.timeout(task: request.platform.timeout, run: context.options.placement.taskTimeout,
                                   runName: context.name(.taskTimeout))
        let firstStart = context.clock.now()
        let stagingFailures = StagingFailures()
        let copyOut = prepared.container == nil ? nil : customPathHook(prepared.invocation, argv: prepared.argv, guardian: guardian,
                                                                               failures: stagingFailures)
        for attempt in 0...retries {
            if attempt > 0, !waitBeforeRetry(attempt, policy: request.retryPolicy!, since: firstStart) { break }
            if request.retryPolicy != nil { environment["KFP_RETRY_INDEX"] = String(attempt) }
            let process = launch(attempt, request, prepared, environment: environment, timeout: timeout, copyOut: copyOut,
                                 outcome: &outcome)
            if process.cancelled { outcome.canceled = true; outcome.error = "canceled"; return outcome }
            if let logError = process.logError, process.succeeded {
                context.warnOnce("\(request.name): its log \(outcome.logs.last ?? "") is incomplete (\(logError))")
            }
            guard process.succeeded else {
                outcome.error = Self.describe(process, timeout: timeout)
                    + DiskSpace.note(for: [request.taskDirectory] + prepared.invocation.outputDirectories)
                continue
            }
            if finishSuccess(request, prepared, guardian: guardian, failures: stagingFailures, copiedOut: copyOut != nil,
                             outcome: &outcome) { return outcome }
        }
        return outcome
    }

    /// Runs attempt `attempt`'s process through the runner, its invocation recorded as it starts.
    private func launch(_ attempt: Int, _ request: ContainerRequest, _ prepared: PreparedExecution, environment: [String: String],
                        timeout: (seconds: Double, source: String)?, copyOut: ContainerHook?,
                        outcome: inout ContainerOutcome) -> ProcessOutcome {
        let retried = request.retryPolicy != nil
        let attemptContainer = prepared.container.map { Self.container($0, attempt: attempt, retries: retried) }
        let attemptArgv = retried ? Self.substituteRetries(in: prepared.argv, attempt: attempt) : prepared.argv
        outcome.attempts = attempt + 1
        let log = RunLayout.attemptLog(taskDirectory: request.taskDirectory, attempt: attempt)
        outcome.logs.append(log)
        if attempt > 0 { removePlantedFiles(log: log, executorOutput: prepared.invocation.layout.executorOutputFile) }
        var spec = ProcessSpec(argv: attemptArgv, environment: environment, workingDirectory: request.taskDirectory, logFile: log,
                               streamPrefix: context.options.output.streamLogs ? "[\(request.name)]" : nil,
                               timeout: timeout?.seconds, container: attemptContainer)
        spec.beforeContainerRemoval = copyOut
        var record = InvocationRecord(spec: spec, base: context.options.inputs.environment, executorInput: prepared.invocation.executorInput,
                                      image: try? prepared.invocation.image(), attempt: attempt,
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
        return process
    }

    /// An earlier attempt may have planted links where Tarmac writes next: they are removed first.
    private func removePlantedFiles(log: String, executorOutput: String) {
        try? FileManager.default.removeItem(atPath: log)
        if unlink(executorOutput) != 0, errno != ENOENT {
            try? FileManager.default.removeItem(atPath: executorOutput)
        }
    }

    /// Collects a successful attempt's outputs and stores them in the cache; false (the error in `outcome`) when
    /// they cannot be collected, which counts as a failed attempt.
    private func finishSuccess(_ request: ContainerRequest, _ prepared: PreparedExecution, guardian: TaskDirectoryGuard,
                               failures: StagingFailures, copiedOut: Bool, outcome: inout ContainerOutcome) -> Bool {
        do {
            let collected = try collect(prepared.invocation, guardian: guardian)
            try bringInCustomPaths(collected, guardian: guardian, inContainer: prepared.container != nil,
                                   copiedOut: copiedOut, failures: failures, task: request.name)
            for warning in collected.warnings { context.warnOnce("\(request.name): \(warning)") }
            outcome.parameters = collected.parameters
            outcome.artifacts = collected.artifacts.mapValues { artifact in
                var stored = artifact
                stored.id = UUID().uuidString.lowercased()
                return [stored]
            }
            storeInCache(request, outcome: &outcome)
            if let derivedImage = prepared.derivedImage { recordDerivedImageUse(derivedImage, outcome: outcome) }
            outcome.succeeded = true
            outcome.error = nil
            return true
        } catch {
            outcome.error = error.message
            return false
        }
    }
}
