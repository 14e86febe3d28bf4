import PipelineIR

/// The run- and task-level facts that job placeholders (§4.5.2) and `{{$.pipeline_root}}` /
/// `{{$.workspace_path}}` resolve to. The engine fills it; the planner never reads a clock.
public struct JobInfo: Sendable, Hashable {
    /// The run's display name (`{{$.pipeline_job_name}}`).
    public var jobName: String
    /// The run's resource name (`{{$.pipeline_job_resource_name}}`).
    public var jobResourceName: String
    /// The run id (`{{$.pipeline_job_uuid}}`).
    public var jobUUID: String
    /// The task key, the same for every loop iteration (`{{$.pipeline_task_name}}`).
    public var taskName: String
    /// The task's execution id (`{{$.pipeline_task_uuid}}`; the parent DAG's id on the cluster).
    public var taskUUID: String
    /// Run creation time, RFC 3339 UTC (`2026-08-22T10:11:12Z`).
    public var createTimeUTC: String
    /// Scheduled time of a recurring run, else the creation time.
    public var scheduleTimeUTC: String
    /// The pipeline root (`{{$.pipeline_root}}`).
    public var pipelineRoot: String
    /// The run's workspace directory as the task sees it; nil when the pipeline has no workspace.
    public var workspacePath: String?

    /// Job facts; `scheduleTimeUTC` defaults to `createTimeUTC`.
    public init(jobName: String, jobResourceName: String, jobUUID: String, taskName: String, taskUUID: String,
                createTimeUTC: String, scheduleTimeUTC: String? = nil, pipelineRoot: String,
                workspacePath: String? = nil) {
        self.jobName = jobName
        self.jobResourceName = jobResourceName
        self.jobUUID = jobUUID
        self.taskName = taskName
        self.taskUUID = taskUUID
        self.createTimeUTC = createTimeUTC
        self.scheduleTimeUTC = scheduleTimeUTC ?? createTimeUTC
        self.pipelineRoot = pipelineRoot
        self.workspacePath = workspacePath
    }

    /// The value of a job/task, `pipeline_root` or `workspace_path` placeholder; nil for any other
    /// placeholder, and for `workspace_path` when there is no workspace.
    public func value(of placeholder: Placeholder) -> String? {
        switch placeholder {
        case .pipelineJobName: return jobName
        case .pipelineJobResourceName: return jobResourceName
        case .pipelineJobUUID: return jobUUID
        case .pipelineTaskName: return taskName
        case .pipelineTaskUUID: return taskUUID
        case .pipelineJobCreateTimeUTC: return createTimeUTC
        case .pipelineJobScheduleTimeUTC: return scheduleTimeUTC
        case .pipelineRoot: return pipelineRoot
        case .workspacePath: return workspacePath
        default: return nil
        }
    }
}
