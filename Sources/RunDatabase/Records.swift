import Basics
import Foundation

/// One pipeline run.
public struct RunRecord: Sendable, Hashable {
    public var id: String
    public var pipelineName: String
    /// Path of the IR file it ran.
    public var pipelineFile: String
    /// SUCCEEDED, FAILED, CANCELED, RUNNING, INTERRUPTED.
    public var state: String
    /// Run parameters as canonical JSON.
    public var parametersJSON: String
    public var pipelineRoot: String
    public var started: Date
    public var finished: Date?
    /// Pipeline-level outputs (`{"parameters": {...}, "artifacts": {...}}`) as JSON, once known.
    public var outputsJSON: String?

    public init(id: String, pipelineName: String, pipelineFile: String, state: String, parametersJSON: String,
                pipelineRoot: String, started: Date, finished: Date? = nil, outputsJSON: String? = nil) {
        self.id = id
        self.pipelineName = pipelineName
        self.pipelineFile = pipelineFile
        self.state = state
        self.parametersJSON = parametersJSON
        self.pipelineRoot = pipelineRoot
        self.started = started
        self.finished = finished
        self.outputsJSON = outputsJSON
    }
}

/// One executed (or skipped) task instance of a run. `name` is its address, e.g. `train` or `for-loop-2[3]/add`.
public struct TaskRecord: Sendable, Hashable {
    public var runID: String
    public var name: String
    public var displayName: String
    /// PENDING, RUNNING, SUCCEEDED, CACHED, SKIPPED, FAILED, NOT_RUN, CANCELED.
    public var state: String
    public var componentName: String
    public var exitCode: Int32?
    public var attempts: Int
    public var started: Date?
    public var finished: Date?
    /// The resolved input parameters as canonical JSON.
    public var inputsJSON: String
    /// Output parameters as canonical JSON, once produced.
    public var outputsJSON: String?
    /// Why it failed, in one line.
    public var error: String?
    /// Log files of each attempt (JSON list of paths).
    public var logsJSON: String

    public init(runID: String, name: String, displayName: String, state: String, componentName: String,
                exitCode: Int32? = nil, attempts: Int = 0, started: Date? = nil, finished: Date? = nil,
                inputsJSON: String = "{}", outputsJSON: String? = nil, error: String? = nil, logsJSON: String = "[]") {
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
    }
}

/// An artifact produced by a task (or imported), and each use of it as an input: the lineage.
public struct ArtifactRecord: Sendable, Hashable {
    /// A unique id (UUID text).
    public var id: String
    public var runID: String
    /// The producing task instance's name.
    public var producerTask: String
    /// The producer's output key (e.g. `model`).
    public var outputKey: String
    /// e.g. `system.Model`.
    public var schemaTitle: String
    public var uri: String
    /// Metadata as canonical JSON.
    public var metadataJSON: String
    public var created: Date

    public init(id: String, runID: String, producerTask: String, outputKey: String, schemaTitle: String,
                uri: String, metadataJSON: String, created: Date) {
        self.id = id
        self.runID = runID
        self.producerTask = producerTask
        self.outputKey = outputKey
        self.schemaTitle = schemaTitle
        self.uri = uri
        self.metadataJSON = metadataJSON
        self.created = created
    }
}
