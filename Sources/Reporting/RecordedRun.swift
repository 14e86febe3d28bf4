import Basics
import Foundation
import PipelineIR
import Planner
import RunDatabase

/// One run read back from the store: what every renderer here needs.
public struct RecordedRun: Sendable {
    /// The run row.
    public let run: RunRecord
    /// Its task instances (groups included), by start time.
    public let tasks: [TaskRecord]
    /// The artifacts its tasks produced.
    public let artifacts: [ArtifactRecord]
    /// Which task took which artifact as an input.
    public let uses: [ArtifactUse]
    /// The pipeline as it is now on disk, when `run.pipelineFile` still parses (for the DAG's edges).
    public let spec: PipelineSpec?
    /// The names people read for this run's tasks: from its pipeline's IR while that still parses, else the
    /// `taskInfo.name` each task was recorded with (made once: every renderer of a report reads them).
    public let displayNames: DisplayNames
    /// The artifacts by id (the first of a repeated id).
    let artifactsByID: [String: ArtifactRecord]
    /// The artifact uses by consuming task.
    let usesByConsumer: [String: [ArtifactUse]]

    /// Makes a recorded run from parts (tests build them by hand).
    public init(run: RunRecord, tasks: [TaskRecord], artifacts: [ArtifactRecord] = [], uses: [ArtifactUse] = [],
                spec: PipelineSpec? = nil) {
        self.run = run
        self.tasks = tasks
        self.artifacts = artifacts
        self.uses = uses
        self.spec = spec
        displayNames = Self.names(of: tasks, spec: spec)
        artifactsByID = Dictionary(artifacts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        usesByConsumer = Dictionary(grouping: uses, by: \.consumerTask)
    }

    /// Reads run `id` (a unique prefix is fine) and, if it still parses, its pipeline file.
    public static func load(id: String, from store: RunStore) throws -> RecordedRun {
        let run = try store.run(id: id)
        return RecordedRun(run: run, tasks: try store.tasks(runID: run.id), artifacts: try store.artifacts(runID: run.id),
                           uses: try store.artifactUses(runID: run.id), spec: loadSpec(run.pipelineFile))
    }

    /// The IR at `path`, or nil when it is gone or no longer parses (the report then draws lineage edges).
    static func loadSpec(_ path: String) -> PipelineSpec? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
              let documents = try? YAMLLoader.loadDocuments(text, file: path) else { return nil }
        return try? PipelineSpec.decode(documents: documents, file: path)
    }

    /// The run's parameters, by name.
    public var parameters: [String: JSONValue] {
        (try? JSONValue.parse(run.parametersJSON))?.objectValue ?? [:]
    }

    /// Seconds between start and end, when both are known.
    public static func duration(_ started: Date?, _ finished: Date?) -> Double? {
        guard let started, let finished else { return nil }
        return max(0, finished.timeIntervalSince(started))
    }

    /// The metrics of the run's `system.Metrics` artifacts, keyed `task.output.metric`.
    public var metrics: [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for artifact in artifacts where artifact.schemaTitle == "system.Metrics" {
            for (key, value) in (try? JSONValue.parse(artifact.metadataJSON))?.objectValue ?? [:] where key != "display_name" {
                result["\(artifact.producerTask).\(artifact.outputKey).\(key)"] = value
            }
        }
        return result
    }
}

extension TaskRecord {
    /// The log files of every attempt, in order.
    public var logPaths: [String] {
        ((try? JSONValue.parse(logsJSON))?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// Whether the task's result came from the cache.
    public var isCached: Bool { state == .cached }
}
