import Basics
import ContentStore
import Foundation
import PipelineIR
import Planner
import RunDatabase
import Runners

/// The fixed facts and services of one run, shared by the scheduler and its workers.
final class RunContext: @unchecked Sendable {  // mutable `warned` and `temporaryMade` are guarded by `lock`
    let spec: PipelineSpec
    let pipelineFile: String
    let options: RunOptions
    let runID: String
    let createTime: String
    /// `{{$.pipeline_job_name}}`: the run's display name, as the SDK client names a run it is not given a name for.
    let jobDisplayName: String
    /// `{{$.pipeline_job_resource_name}}`: the Argo workflow's name, `<pipeline name>-<5 characters>`.
    let jobResourceName: String
    let runRoot: String
    /// The run's workspace (`dsl.PipelineConfig(workspace=...)`): one directory per run, `<run>/.workspace`,
    /// mounted at `/kfp-workspace` in containers as the backend mounts the run's workspace volume; nil without one.
    let workspaceDirectory: String?
    let runner: TaskRunner
    /// The run's Python environments, some built while the tasks before theirs run.
    let environments: EnvironmentPrefetch
    /// Lightweight Python components' base images with their install step done, for container tasks.
    let derivedImages: DerivedImageStore
    let recorder: RunRecorder
    /// The execution cache, nil when the run opts out of it entirely.
    let cache: TaskCache?
    let sink: RunEventSink
    /// The time source of retry back-off.
    let clock: RetryClock
    private let lock = NSLock()
    private var warned = Set<String>()
    private var temporaryMade = false
    private var realRunRoot: String?
    /// `{{$.pipeline_task_uuid}}` per DAG instance address, numbered as they are first asked for.
    private var dagExecutionIDs: [String: Int] = [:]

    init(spec: PipelineSpec, pipelineFile: String, options: RunOptions, runID: String, services: RunServices,
         store: RunStore, sink: RunEventSink, clock: RetryClock = SystemClock()) {
        self.spec = spec
        self.pipelineFile = pipelineFile
        self.options = options
        self.runID = runID
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let now = Date()
        self.createTime = formatter.string(from: now)
        self.jobDisplayName = JobNames.displayName(pipeline: spec.name, created: now)
        self.jobResourceName = JobNames.resourceName(pipeline: spec.name, runID: runID)
        self.runRoot = RunLayout.runDirectory(pipelineRoot: options.output.pipelineRoot, pipeline: spec.name, runID: runID)
        self.workspaceDirectory = spec.platform?.pipelineConfig?["workspace"] != nil
            ? (runRoot as NSString).appendingPathComponent(".workspace") : nil
        self.runner = services.runner
        let envRoot = (options.output.storeDirectory as NSString).appendingPathComponent("envs")
        self.environments = EnvironmentPrefetch(root: envRoot, basePython: options.inputs.basePython)
        self.derivedImages = DerivedImageStore(root: (options.output.storeDirectory as NSString).appendingPathComponent("derived-images"), runner: services.runner)
        self.recorder = RunRecorder(store: store, runID: runID, sink: sink, destination: services.records)
        let objects = ContentStore(root: (options.output.storeDirectory as NSString).appendingPathComponent("objects"))
        self.cache = options.cache.mode == .off ? nil
            : TaskCache(mode: options.cache.mode, access: services.cacheAccess, objects: objects, store: store, pipelineName: spec.name,
                        runID: runID)
        self.sink = sink
        self.clock = clock
    }

    /// Job facts for one task instance (placeholders, executor input).
    /// As the driver fills them (backend/src/v2/driver/resolve.go, `resolveInputParameter`): the run's display and
    /// resource names, its id, the task's key and, as `pipeline_task_uuid`, the id of the DAG instance it runs in
    /// (the cluster's is the parent DAG's MLMD execution id, shared by sibling tasks).
    func job(for slot: TaskSlot) -> JobInfo {
        let dagAddress = slot.name.hasSuffix(slot.key) ? String(slot.name.dropLast(slot.key.count)) : slot.name
        let dagID: Int = lock.withLock {
            if let id = dagExecutionIDs[dagAddress] { return id }
            let id = dagExecutionIDs.count + 1
            dagExecutionIDs[dagAddress] = id
            return id
        }
        return JobInfo(jobName: jobDisplayName, jobResourceName: jobResourceName, jobUUID: runID, taskName: slot.key,
                       taskUUID: String(dagID), createTimeUTC: createTime, pipelineRoot: options.output.pipelineRoot,
                       workspacePath: workspacePath(for: slot))
    }

    /// `{{$.workspace_path}}` as `slot` sees it: `/kfp-workspace` in a container (`component.WorkspaceMountPath`
    /// in the backend), the run's workspace directory on the host (kfp.local's subprocess runner does the same
    /// with a directory of its own); nil when the pipeline has no workspace. The directory is made on first use.
    func workspacePath(for slot: TaskSlot) -> String? {
        guard let workspaceDirectory else { return nil }
        try? FileManager.default.createDirectory(atPath: workspaceDirectory, withIntermediateDirectories: true)
        if options.placement.containers.runner(forTask: slot.key, instance: slot.name) != .subprocess { return Self.workspaceMountPath }
        return workspaceDirectory
    }

    /// Where containers see the run's workspace, as on the cluster.
    static let workspaceMountPath = WorkspaceArtifacts.mountPath

    /// The directory of one task instance (`RunLayout`).
    func taskDirectory(for slot: TaskSlot) -> String {
        RunLayout.taskDirectory(runDirectory: runRoot, task: slot.name)
    }

    /// The real path (links resolved) of a task directory under the run root that exists: the run root's real
    /// path, found once per run, with the rest appended, since Tarmac made every directory below the run root.
    func realPath(ofTaskDirectory directory: String) -> String? {
        guard directory.hasPrefix(runRoot + "/") else { return FilePaths.real(directory) }
        let root: String? = lock.withLock {
            if realRunRoot == nil { realRunRoot = FilePaths.real(runRoot) }
            return realRunRoot
        }
        return root.map { $0 + directory.dropFirst(runRoot.count) }
    }

    /// `TMPDIR` of the run's host processes, `<runRoot>/.tmp` (no task is named with a leading dot), made on
    /// first use: one directory per run rather than per task, since creating inodes is much of a trivial task's cost.
    func temporaryDirectory() -> String {
        let path = (runRoot as NSString).appendingPathComponent(".tmp")
        lock.withLock {
            if !temporaryMade { temporaryMade = (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil }
        }
        return path
    }

    /// How this run's messages name the run option `key` (`--keep-volumes` on the command line).
    func name(_ key: OptionKey) -> String { options.output.optionNames(key) }

    /// Emits a warning the first time its key (by default the message) is seen in this run.
    func warnOnce(_ message: String, key: String? = nil) {
        let isNew = lock.withLock { warned.insert(key ?? message).inserted }
        if isNew { sink.warning(message) }
    }
}
