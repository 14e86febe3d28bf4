import Basics
import Foundation
import GRDB

// Row mapping of the records. Columns are snake_case; dates are Unix seconds (REAL); states are stored by
// their raw values (`TaskState`, `RunState`, `CacheStatus`): this is the one place they meet the column text,
// and a name this code does not know fails the read instead of passing through as text.

extension TaskState: DatabaseValueConvertible {}
extension RunState: DatabaseValueConvertible {}
extension CacheStatus: DatabaseValueConvertible {}

extension Date {
    /// The date as stored: Unix seconds.
    var storeValue: Double { timeIntervalSince1970 }
    /// A stored Unix-seconds value as a date.
    init(storeValue: Double) { self.init(timeIntervalSince1970: storeValue) }
}

extension Row {
    /// The optional date stored in `column`.
    func date(_ column: String) -> Date? { (self[column] as Double?).map(Date.init(storeValue:)) }
}

extension RunRecord: FetchableRecord, PersistableRecord {
    /// The `runs` table.
    public static let databaseTableName = "runs"

    /// Reads a `runs` row.
    public init(row: Row) throws {
        self.init(id: row["id"], pipelineName: row["pipeline_name"], pipelineFile: row["pipeline_file"],
                  state: try row.decode(RunState.self, forColumn: "state"), parametersJSON: row["parameters_json"], pipelineRoot: row["pipeline_root"],
                  started: Date(storeValue: row["started"]), finished: row.date("finished"),
                  outputsJSON: row["outputs_json"], experiment: row["experiment"], pid: row["pid"])
    }

    /// Writes a `runs` row.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["pipeline_name"] = pipelineName
        container["pipeline_file"] = pipelineFile
        container["experiment"] = experiment
        container["state"] = state
        container["parameters_json"] = parametersJSON
        container["pipeline_root"] = pipelineRoot
        container["started"] = started.storeValue
        container["finished"] = finished?.storeValue
        container["outputs_json"] = outputsJSON
        container["pid"] = pid
    }
}

extension TaskRecord: FetchableRecord, PersistableRecord {
    /// The `tasks` table.
    public static let databaseTableName = "tasks"

    /// The columns in the order of ``upsertSQL``'s placeholders.
    static let columns = ["run_id", "name", "display_name", "state", "component_name", "exit_code", "attempts",
                          "started", "finished", "inputs_json", "outputs_json", "error", "logs_json",
                          "cache_key", "cache_status", "cache_description_json", "queued", "attempts_json"]

    /// Insert, or update every column but the key: no delete, so nothing referencing the row cascades.
    static let upsertSQL: String = {
        let updates = columns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO tasks (\(columns.joined(separator: ", "))) VALUES (\(marks)) "
            + "ON CONFLICT (run_id, name) DO UPDATE SET \(updates)"
    }()

    /// Reads a `tasks` row.
    public init(row: Row) throws {
        self.init(runID: row["run_id"], name: row["name"], displayName: row["display_name"],
                  state: try row.decode(TaskState.self, forColumn: "state"),
                  componentName: row["component_name"], exitCode: row["exit_code"], attempts: row["attempts"],
                  started: row.date("started"), finished: row.date("finished"), inputsJSON: row["inputs_json"],
                  outputsJSON: row["outputs_json"], error: row["error"], logsJSON: row["logs_json"],
                  cacheKey: row["cache_key"], cacheStatus: try row.decode(CacheStatus?.self, forColumn: "cache_status"), cacheDescriptionJSON: row["cache_description_json"],
                  queued: row.date("queued"), attemptsJSON: row["attempts_json"])
    }

    /// The row's values, in ``columns`` order.
    var columnValues: [(any DatabaseValueConvertible)?] {
        [runID, name, displayName, state, componentName, exitCode, attempts, started?.storeValue,
         finished?.storeValue, inputsJSON, outputsJSON, error, logsJSON, cacheKey, cacheStatus, cacheDescriptionJSON,
         queued?.storeValue, attemptsJSON]
    }

    /// The arguments of ``upsertSQL``.
    var upsertArguments: StatementArguments { StatementArguments(columnValues) }

    /// Writes a `tasks` row.
    public func encode(to container: inout PersistenceContainer) {
        for (column, value) in zip(Self.columns, columnValues) {
            container[column] = value
        }
    }
}

extension ArtifactRecord: FetchableRecord, PersistableRecord {
    /// The `artifacts` table.
    public static let databaseTableName = "artifacts"

    /// Reads an `artifacts` row.
    public init(row: Row) {
        self.init(id: row["id"], runID: row["run_id"], producerTask: row["producer_task"],
                  outputKey: row["output_key"], schemaTitle: row["schema_title"], uri: row["uri"],
                  metadataJSON: row["metadata_json"], created: Date(storeValue: row["created"]),
                  digest: row["digest"])
    }

    /// Writes an `artifacts` row.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["run_id"] = runID
        container["producer_task"] = producerTask
        container["output_key"] = outputKey
        container["schema_title"] = schemaTitle
        container["uri"] = uri
        container["metadata_json"] = metadataJSON
        container["created"] = created.storeValue
        container["digest"] = digest
    }
}

extension ArtifactUse: FetchableRecord, PersistableRecord {
    /// The `artifact_uses` table.
    public static let databaseTableName = "artifact_uses"

    /// Reads an `artifact_uses` row.
    public init(row: Row) {
        self.init(runID: row["run_id"], consumerTask: row["consumer_task"], inputKey: row["input_key"],
                  artifactID: row["artifact_id"])
    }

    /// Writes an `artifact_uses` row.
    public func encode(to container: inout PersistenceContainer) {
        container["run_id"] = runID
        container["consumer_task"] = consumerTask
        container["input_key"] = inputKey
        container["artifact_id"] = artifactID
    }
}
