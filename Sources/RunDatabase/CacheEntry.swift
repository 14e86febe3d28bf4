import Foundation
import GRDB

/// One execution-cache entry: a successful execution's outputs, found again by its cache key.
/// Scoped by pipeline name, as on the cluster (§5.3); one entry per (pipeline, key).
public struct CacheEntry: Sendable, Hashable {
    /// `pipelineInfo.name` of the pipeline that wrote it.
    public var pipelineName: String
    /// The task's cache key (64 hex).
    public var cacheKey: String
    /// The task instance that produced it (for people; not part of the lookup).
    public var taskName: String
    /// The component it executed.
    public var componentName: String
    /// The run that produced it.
    public var runID: String
    /// When it was written.
    public var created: Date
    /// When a run last used it (prune by age looks at this).
    public var lastUsed: Date
    /// The outputs record (parameters and artifacts with their object ids) as JSON.
    public var outputsJSON: String
    /// The content-store objects the outputs need, so pruning keeps them.
    public var objects: [String]
    /// Bytes of those objects.
    public var bytes: Int64

    /// Makes an entry.
    public init(pipelineName: String, cacheKey: String, taskName: String, componentName: String, runID: String,
                created: Date, lastUsed: Date, outputsJSON: String, objects: [String], bytes: Int64) {
        self.pipelineName = pipelineName
        self.cacheKey = cacheKey
        self.taskName = taskName
        self.componentName = componentName
        self.runID = runID
        self.created = created
        self.lastUsed = lastUsed
        self.outputsJSON = outputsJSON
        self.objects = objects
        self.bytes = bytes
    }
}

extension CacheEntry: FetchableRecord, PersistableRecord {
    /// The `cache_entries` table.
    public static let databaseTableName = "cache_entries"

    /// Reads a row.
    public init(row: Row) {
        let objects: String = row["objects"]
        self.init(pipelineName: row["pipeline_name"], cacheKey: row["cache_key"], taskName: row["task_name"],
                  componentName: row["component_name"], runID: row["run_id"], created: Date(storeValue: row["created"]),
                  lastUsed: Date(storeValue: row["last_used"]), outputsJSON: row["outputs_json"],
                  objects: objects.split(separator: " ").map(String.init), bytes: row["bytes"])
    }

    /// Writes a row.
    public func encode(to container: inout PersistenceContainer) {
        container["pipeline_name"] = pipelineName
        container["cache_key"] = cacheKey
        container["task_name"] = taskName
        container["component_name"] = componentName
        container["run_id"] = runID
        container["created"] = created.storeValue
        container["last_used"] = lastUsed.storeValue
        container["outputs_json"] = outputsJSON
        container["objects"] = objects.joined(separator: " ")
        container["bytes"] = bytes
    }
}
