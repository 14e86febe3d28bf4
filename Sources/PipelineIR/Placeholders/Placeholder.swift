/// One `{{$...}}` token of KFP's command-line placeholder grammar (ir-semantics §4.5).
///
/// Names are the component's input/output keys exactly as written inside the brackets.
public enum Placeholder: Hashable, Sendable {
    /// `{{$}}`: the executor-input JSON (§4.4).
    case executorInput
    /// `{{$.json_escape[N]}}`: the executor-input JSON escaped `times` times as a JSON string body
    /// (Google Cloud Pipeline Components embed it inside JSON payload arguments).
    case jsonEscapedExecutorInput(times: Int)
    /// `{{$.inputs.parameters['x']}}`: the text form of input parameter `x` (§4.5.4).
    case inputParameter(String)
    /// `{{$.inputs.artifacts['x'].uri}}`: the URI of the first artifact of input `x`.
    case inputArtifactURI(String)
    /// `{{$.inputs.artifacts['x'].path}}`: the local path of the first artifact of input `x`.
    case inputArtifactPath(String)
    /// `{{$.inputs.artifacts['x'].metadata}}` (whole metadata JSON) or `.metadata['k']` (one key).
    case inputArtifactMetadata(String, key: String?)
    /// `{{$.inputs.artifacts['x']}}`: the whole list-of-artifacts input as JSON.
    case inputArtifactList(String)
    /// `{{$.outputs.artifacts['y'].uri}}`: the provisioned URI of output `y`.
    case outputArtifactURI(String)
    /// `{{$.outputs.artifacts['y'].path}}`: the local path of output `y`.
    case outputArtifactPath(String)
    /// `{{$.outputs.artifacts['y'].metadata}}` or `.metadata['k']`.
    case outputArtifactMetadata(String, key: String?)
    /// `{{$.outputs.artifacts['y']}}`: the whole list-of-artifacts output as JSON.
    case outputArtifactList(String)
    /// `{{$.outputs.parameters['y'].output_file}}`: the file the component writes output parameter `y` to.
    case outputParameterFile(String)
    /// `{{$.outputs.output_file}}`: the executor-output (`output_metadata.json`) file.
    case outputMetadataFile
    /// `{{$.pipeline_job_name}}`: the run's display name.
    case pipelineJobName
    /// `{{$.pipeline_job_resource_name}}`: the run's resource name.
    case pipelineJobResourceName
    /// `{{$.pipeline_job_uuid}}`: the run id.
    case pipelineJobUUID
    /// `{{$.pipeline_task_name}}`: the task key.
    case pipelineTaskName
    /// `{{$.pipeline_task_uuid}}`: the task's execution id (the parent DAG's on the cluster, §4.5.2).
    case pipelineTaskUUID
    /// `{{$.pipeline_job_create_time_utc}}`: run creation time, RFC 3339 UTC.
    case pipelineJobCreateTimeUTC
    /// `{{$.pipeline_job_schedule_time_utc}}`: scheduled time, else the creation time.
    case pipelineJobScheduleTimeUTC
    /// `{{$.pipeline_root}}`: the pipeline root.
    case pipelineRoot
    /// `{{$.workspace_path}}`: the run's workspace directory (`/kfp-workspace` in containers).
    case workspacePath

    /// The bare-word placeholders, keyed by the word after `{{$.`.
    public static let wordPlaceholders: [String: Placeholder] = [
        "pipeline_job_name": .pipelineJobName,
        "pipeline_job_resource_name": .pipelineJobResourceName,
        "pipeline_job_uuid": .pipelineJobUUID,
        "pipeline_task_name": .pipelineTaskName,
        "pipeline_task_uuid": .pipelineTaskUUID,
        "pipeline_job_create_time_utc": .pipelineJobCreateTimeUTC,
        "pipeline_job_schedule_time_utc": .pipelineJobScheduleTimeUTC,
        "pipeline_root": .pipelineRoot,
        "workspace_path": .workspacePath,
    ]

    /// The token as the KFP compiler writes it, e.g. `{{$.inputs.parameters['x']}}`.
    public var text: String { "{{$" + pathText + "}}" }

    private var pathText: String {
        switch self {
        case .executorInput: return ""
        case .jsonEscapedExecutorInput(let n): return ".json_escape[\(n)]"
        case .inputParameter(let n): return ".inputs.parameters" + Self.bracket(n)
        case .inputArtifactURI(let n): return ".inputs.artifacts" + Self.bracket(n) + ".uri"
        case .inputArtifactPath(let n): return ".inputs.artifacts" + Self.bracket(n) + ".path"
        case .inputArtifactMetadata(let n, let k): return ".inputs.artifacts" + Self.bracket(n) + Self.metadata(k)
        case .inputArtifactList(let n): return ".inputs.artifacts" + Self.bracket(n)
        case .outputArtifactURI(let n): return ".outputs.artifacts" + Self.bracket(n) + ".uri"
        case .outputArtifactPath(let n): return ".outputs.artifacts" + Self.bracket(n) + ".path"
        case .outputArtifactMetadata(let n, let k): return ".outputs.artifacts" + Self.bracket(n) + Self.metadata(k)
        case .outputArtifactList(let n): return ".outputs.artifacts" + Self.bracket(n)
        case .outputParameterFile(let n): return ".outputs.parameters" + Self.bracket(n) + ".output_file"
        case .outputMetadataFile: return ".outputs.output_file"
        default:
            return "." + (Self.wordPlaceholders.first { $0.value == self }?.key ?? "")
        }
    }

    private static func bracket(_ name: String) -> String {
        name.contains("'") ? "[\"" + name + "\"]" : "['" + name + "']"
    }

    private static func metadata(_ key: String?) -> String {
        ".metadata" + (key.map(bracket) ?? "")
    }

    /// Whether the KFP backend substitutes this placeholder in a container's command/args
    /// (§4.5.1, §7 item 3). Job/task placeholders and `workspace_path` count as unsupported here
    /// even though the cluster resolves them in task-input constants (§4.5.2).
    public var isSupportedOnCluster: Bool {
        switch self {
        case .executorInput, .inputParameter, .inputArtifactURI, .inputArtifactPath,
             .outputArtifactURI, .outputArtifactPath, .outputParameterFile:
            return true
        case .inputArtifactList:
            return true  // Tarmac leaves it literal too (TaskInvocation+CommandLine), so both run it the same way
        case .jsonEscapedExecutorInput:
            return false  // a Vertex AI Pipelines extension; the open-source launcher leaves it literal
        default:
            return false
        }
    }
}
