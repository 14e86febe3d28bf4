import Basics
import Foundation

// Each record is `Codable` with its `CodingKeys` named as the table's columns: the one place a column is spelled
// (Records+GRDB.swift makes them GRDB records). Synthesized coding must be declared in this file.

/// One pipeline run.
public struct RunRecord: Sendable, Hashable, Codable {
    /// The run id (unique; users may abbreviate it to a unique prefix).
    public var id: String
    /// `pipelineInfo.name` of the IR.
    public var pipelineName: String
    /// Path of the IR file it ran.
    public var pipelineFile: String
    /// RUNNING until it ends; then SUCCEEDED, FAILED, CANCELED (or INTERRUPTED, set by recovery).
    public var state: RunState
    /// Run parameters as canonical JSON.
    public var parametersJSON: String
    /// Where the run's artifacts live.
    public var pipelineRoot: String
    /// When the run started.
    public var started: Date
    /// When the run reached a final state, if it has.
    public var finished: Date?
    /// Pipeline-level outputs (`{"parameters": {...}, "artifacts": {...}}`) as JSON, once known.
    public var outputsJSON: String?
    /// An optional grouping chosen by the user (`--experiment`), for filtering.
    public var experiment: String?
    /// The id of the tarmac process that ran it (defaults to this process), so a later tarmac can tell
    /// a RUNNING row whose process died from one still running.
    public var pid: Int32?

    /// Makes a run record; `pid` defaults to this process.
    public init(id: String, pipelineName: String, pipelineFile: String, state: RunState, parametersJSON: String,
                pipelineRoot: String, started: Date, finished: Date? = nil, outputsJSON: String? = nil,
                experiment: String? = nil, pid: Int32? = ProcessInfo.processInfo.processIdentifier) {
        self.id = id
        self.pipelineName = pipelineName
        self.pipelineFile = pipelineFile
        self.state = state
        self.parametersJSON = parametersJSON
        self.pipelineRoot = pipelineRoot
        self.started = started
        self.finished = finished
        self.outputsJSON = outputsJSON
        self.experiment = experiment
        self.pid = pid
    }

    /// The `runs` columns, in the order rows are written.
    enum CodingKeys: String, CodingKey {
        case id, pipelineName = "pipeline_name", pipelineFile = "pipeline_file", experiment, state
        case parametersJSON = "parameters_json", pipelineRoot = "pipeline_root", started, finished
        case outputsJSON = "outputs_json", pid
    }
}

/// One executed (or skipped) task instance of a run. `name` is its address, e.g. `train` or `for-loop-2[3]/add`.
public struct TaskRecord: Sendable, Hashable, Codable {
    /// The run it belongs to.
    public var runID: String
    /// The task instance's address, unique in its run.
    public var name: String
    /// The name shown to people.
    public var displayName: String
    /// PENDING, RUNNING, SUCCEEDED, CACHED, SKIPPED, FAILED, NOT_RUN, CANCELED (INTERRUPTED: set by recovery).
    public var state: TaskState
    /// The IR component it executes (e.g. `comp-train`).
    public var componentName: String
    /// The last attempt's exit status, once it exited.
    public var exitCode: Int32?
    /// How many attempts started (retries included).
    public var attempts: Int
    /// When it became ready to start (schema 5; nil in older rows and for tasks that never became ready).
    public var queued: Date?
    /// When it began to run: its first process launched, or its cache lookup, import or group began.
    /// Nil when it never ran. (Before schema 5: when it became ready.)
    public var started: Date?
    /// When it reached a final state, if it has.
    public var finished: Date?
    /// The resolved input parameters as canonical JSON.
    public var inputsJSON: String
    /// Output parameters as canonical JSON, once produced.
    public var outputsJSON: String?
    /// Why it failed, in one line.
    public var error: String?
    /// Log files of each attempt (JSON list of paths).
    public var logsJSON: String
    /// The execution-cache key of a container task, once computed.
    public var cacheKey: String?
    /// What the execution cache did (container tasks).
    public var cacheStatus: CacheStatus?
    /// The canonical JSON the key hashes, so `explain` can say what changed.
    public var cacheDescriptionJSON: String?
    /// Each attempt's times: a JSON list of `{"attempt", "started", "finished", "exit_code"}` (Unix seconds); schema 5.
    public var attemptsJSON: String?

    /// Makes a task record.
    public init(runID: String, name: String, displayName: String, state: TaskState, componentName: String,
                exitCode: Int32? = nil, attempts: Int = 0, started: Date? = nil, finished: Date? = nil,
                inputsJSON: String = "{}", outputsJSON: String? = nil, error: String? = nil, logsJSON: String = "[]",
                cacheKey: String? = nil, cacheStatus: CacheStatus? = nil, cacheDescriptionJSON: String? = nil,
                queued: Date? = nil, attemptsJSON: String? = nil) {
        self.runID = runID
        self.name = name
        self.displayName = displayName
        self.state = state
        self.componentName = componentName
        self.exitCode = exitCode
        self.attempts = attempts
        self.started = started
        self.finished = finished
        self.inputsJSON = inputsJSON
        self.outputsJSON = outputsJSON
        self.error = error
        self.logsJSON = logsJSON
        self.cacheKey = cacheKey
        self.cacheStatus = cacheStatus
        self.cacheDescriptionJSON = cacheDescriptionJSON
        self.queued = queued
        self.attemptsJSON = attemptsJSON
    }

    /// The `tasks` columns, in the order rows are written (and ``upsertSQL``'s placeholders).
    enum CodingKeys: String, CodingKey, CaseIterable {
        case runID = "run_id", name, displayName = "display_name", state, componentName = "component_name"
        case exitCode = "exit_code", attempts, started, finished, inputsJSON = "inputs_json", outputsJSON = "outputs_json"
        case error, logsJSON = "logs_json", cacheKey = "cache_key", cacheStatus = "cache_status"
        case cacheDescriptionJSON = "cache_description_json", queued, attemptsJSON = "attempts_json"
    }
}

/// An artifact produced by a task (or imported), and each use of it as an input: the lineage.
public struct ArtifactRecord: Sendable, Hashable, Codable {
    /// A unique id (UUID text).
    public var id: String
    /// The run that produced it.
    public var runID: String
    /// The producing task instance's name.
    public var producerTask: String
    /// The producer's output key (e.g. `model`).
    public var outputKey: String
    /// e.g. `system.Model`.
    public var schemaTitle: String
    /// Where its bytes are (a local path or URI).
    public var uri: String
    /// Metadata as canonical JSON.
    public var metadataJSON: String
    /// When it was recorded.
    public var created: Date
    /// The content digest (SHA-256 hex) of the artifact's bytes once ingested, for content lineage.
    public var digest: String?

    /// Makes an artifact record.
    public init(id: String, runID: String, producerTask: String, outputKey: String, schemaTitle: String,
                uri: String, metadataJSON: String, created: Date, digest: String? = nil) {
        self.id = id
        self.runID = runID
        self.producerTask = producerTask
        self.outputKey = outputKey
        self.schemaTitle = schemaTitle
        self.uri = uri
        self.metadataJSON = metadataJSON
        self.created = created
        self.digest = digest
    }

    /// The `artifacts` columns, in the order rows are written.
    enum CodingKeys: String, CodingKey {
        case id, runID = "run_id", producerTask = "producer_task", outputKey = "output_key", schemaTitle = "schema_title"
        case uri, metadataJSON = "metadata_json", created, digest
    }
}
