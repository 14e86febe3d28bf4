import Basics
import Foundation
import PipelineIR
import Planner
import Runners

/// Everything a worker needs to execute one container task, copied off the scheduler queue.
struct TaskRequest: Sendable {
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

/// Runs one container task, on the host or in its image (`request.runner`): builds the command
/// line, runs it with retries, and collects its outputs. Runs on a worker thread.
struct TaskExecutor {
    let context: RunContext

    /// The task's life: `prepare` → `serveFromCache` (or reuse, or a runner that runs nothing) → `setUp` →
    /// `runAttempts` (`attempt(n)` → `collect` → `store`, retried per its policy).
    func execute(_ request: TaskRequest) -> TaskOutcome {
        var outcome = TaskOutcome()
        outcome.lookupStarted = Date()
        outcome.ending = life(request, outcome: &outcome)
        return outcome
    }

    private func life(_ request: TaskRequest, outcome: inout TaskOutcome) -> Ending {
        do {
            let invocation = try prepare(request)
            if let served = serveFromCache(request, invocation: invocation, outcome: &outcome) { return served }
            if request.role == .reuse { return reusePreviousOutputs(request, outcome: &outcome) }
            if let refusal = context.runner.refusal { return .failed(TaskFailure(refusal)) }
            // Built only for a task that will run, as the backend's launcher resolves placeholders only in a pod it
            // starts; a cache hit never needs it (its command, unresolved, is part of the key).
            let argv = try invocation.commandLine()
            request.onExecute()
            let prepared = try setUp(request, invocation: invocation, argv: argv)
            return runAttempts(request, prepared, outcome: &outcome)
        } catch {
            return .failed(TaskFailure(error.message))
        }
    }

    /// Builds the task's invocation (its command line waits until it runs), warning once per construct that runs differently on a cluster.
    private func prepare(_ request: TaskRequest) throws -> TaskInvocation {
        let invocation = try TaskInvocation(component: request.component, container: request.container, inputs: request.inputs,
                                            taskDirectory: request.taskDirectory, job: request.job)
        for construct in invocation.clusterDivergences {
            guard let message = ClusterCompatibility.message(for: construct) else { continue }
            context.warnOnce("\(message) (first seen in \(request.name))", key: construct)
        }
        return invocation
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
}
