import Basics
import Foundation
import PipelineIR
import Planner
import RunDatabase
import Runners
import Synchronization

/// Runs one pipeline: records the run, schedules its tasks, and summarizes the outcome.
public final class PipelineRunner: @unchecked Sendable {  // the `let`s are immutable; `cancellation` is a Mutex
    private let context: RunContext
    private let parameters: RunParameters
    private let cancellation = Mutex(Cancellation.notRequested)

    /// Where a cancel request stands relative to the scheduler, which exists only once `run()` has set it up.
    private enum Cancellation {
        case notRequested
        case scheduling(Scheduler)
        case requested  // before the scheduler existed: it is canceled as soon as it does
    }

    /// Prepares a run of `spec` (from `pipelineFile`, an absolute path) with checked `parameters` and `options` resolved
    /// by the caller (paths absolute), its tasks run by `runner`; `clock` times retry back-off.
    public convenience init(spec: PipelineSpec, pipelineFile: String, parameters: RunParameters, options: RunOptions,
                            store: RunStore, runner: TaskRunner, sink: RunEventSink, clock: RetryClock = SystemClock()) {
        self.init(spec: spec, pipelineFile: pipelineFile, parameters: parameters, options: options, store: store,
                  services: .live(runner: runner), sink: sink, clock: clock)
    }

    /// Prepares a run whose effects go through `services` (`RunServices.dryRun` for `plan --cache`).
    public init(spec: PipelineSpec, pipelineFile: String, parameters: RunParameters, options: RunOptions,
                store: RunStore, services: RunServices, sink: RunEventSink, clock: RetryClock = SystemClock()) {
        let runID = UUID().uuidString.lowercased()
        self.context = RunContext(spec: spec, pipelineFile: pipelineFile, options: options, runID: runID, services: services,
                                  store: store, sink: sink, clock: clock)
        self.parameters = parameters
    }

    /// The run's id (known before it starts).
    public var runID: String { context.runID }

    /// Runs to the end (blocking) and returns the summary. Throws only for problems before any task
    /// runs (an unwritable store); task failures are part of the summary.
    public func run() throws -> RunSummary {
        let artifacts = rootArtifacts()
        let started = Date()
        let runLock = try context.recorder.runStarted(runRecord(started: started))  // held until the end is recorded
        defer { runLock?.release() }
        reportIgnoredSettings()
        let scheduler = Scheduler(context: context)
        let canceledEarly = cancellation.withLock { state in
            if case .requested = state { return true }
            state = .scheduling(scheduler)
            return false
        }
        if canceledEarly { scheduler.cancel() }  // queued before the root DAG starts: every task ends CANCELED
        let root = scheduler.run(parameters: parameters.values, artifacts: artifacts)
        let summary = scheduler.queue.sync { RunSummary.make(root: root, runID: context.runID, spec: context.spec,
                                                                  canceled: scheduler.canceled, failed: scheduler.failed(root),
                                                                  started: started) }
        context.cache?.recordUse()
        context.recorder.flush()
        context.recorder.runFinished(state: summary.state, outputsJSON: summary.outputsJSON.canonicalJSON)
        return summary
    }

    private func runRecord(started: Date) -> RunRecord {
        RunRecord(id: context.runID, pipelineName: context.spec.name, pipelineFile: context.pipelineFile,
                  state: .running, parametersJSON: JSONValue.object(parameters.values).canonicalJSON,
                  pipelineRoot: context.options.output.pipelineRoot, started: started,
                  experiment: context.options.output.experiment)
    }

    /// Cancels the run, at any moment: before `run()` has made its scheduler the request is kept and applied
    /// as soon as it exists (safe from a signal handler's queue).
    public func cancel() {
        let scheduler: Scheduler? = cancellation.withLock { state in
            switch state {
            case .notRequested, .requested: state = .requested; return nil
            case .scheduling(let scheduler): return scheduler
            }
        }
        scheduler?.cancel()
    }

    /// The root DAG's input artifacts, from the paths the caller checked (`RunOptions.Inputs.rootArtifacts`).
    private func rootArtifacts() -> [String: [RuntimeArtifact]] {
        let declared = context.spec.root.inputDefinitions.artifacts
        var result: [String: [RuntimeArtifact]] = [:]
        for (name, path) in context.options.inputs.rootArtifacts {
            guard let spec = declared[name] else { continue }
            result[name] = [RuntimeArtifact(id: UUID().uuidString.lowercased(), name: name, type: spec.artifactType, uri: path, metadata: [:])]
        }
        return result
    }

    /// kfp-kubernetes settings with no meaning on one machine, or that the subprocess runner cannot
    /// apply, reported once per run.
    private func reportIgnoredSettings() {
        if let workspace = context.workspaceDirectory, let size = context.spec.platform?.workspaceSize {
            context.warnOnce(WorkspaceSpace.warning(size: size, workspace: workspace, pipelineRoot: context.options.output.pipelineRoot))
        }
        let configs: [KubernetesExecutorConfig] = context.spec.platform.map { Array($0.executors.values) } ?? []
        let ignored = Set(configs.flatMap { $0.ignored.keys })
        if !ignored.isEmpty {
            context.warnOnce("ignored on one machine: kubernetes " + ignored.sorted().joined(separator: ", "))
        }
        var mounts = Set<String>()
        for config in configs {
            mounts.formUnion(config.pvcMount.map(\.mountPath))
            mounts.formUnion(config.secretAsVolume.map(\.mountPath))
            mounts.formUnion(config.configMapAsVolume.map(\.mountPath))
            mounts.formUnion(config.emptyDirMounts.map(\.mountPath))
            mounts.formUnion(config.genericEphemeralVolume.map(\.mountPath))
        }
        if !mounts.isEmpty, context.options.placement.containers.defaultRunner == .subprocess || !context.options.placement.containers.runnerPerTask.isEmpty {
            context.warnOnce("the subprocess runner cannot mount volumes: tasks see the host paths "
                             + mounts.sorted().joined(separator: ", ") + " as they are")
        }
    }
}
