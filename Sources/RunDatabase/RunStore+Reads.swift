import Foundation
import GRDB

extension RunStore {
    /// Runs, newest first (in the order they were recorded: the table's insertion sequence, never the clock,
    /// so a run recorded while the clock was wrong does not stay first), optionally only of one pipeline, state or experiment; `limit` ≤ 0 means all.
    public func runs(pipeline: String? = nil, state: String? = nil, experiment: String? = nil,
                     limit: Int = 50) throws -> [RunRecord] {
        let (sql, arguments) = Self.runsQuery(pipeline: pipeline, state: state, experiment: experiment, limit: limit)
        return try read { db in try RunRecord.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// The statement of ``runs(pipeline:state:experiment:limit:)``: each filter is served in insertion order by
    /// its one-column index of schema 6 (tests EXPLAIN it).
    static func runsQuery(pipeline: String?, state: String?, experiment: String?, limit: Int) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        for (column, value) in [("pipeline_name", pipeline), ("state", state), ("experiment", experiment)] {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            arguments += [value]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit > 0 ? limit : -1]
        return ("SELECT * FROM runs\(whereClause) ORDER BY rowid DESC LIMIT ?", arguments)
    }

    /// The newest run, optionally of one pipeline; nil if there is none.
    public func latestRun(pipeline: String? = nil) throws -> RunRecord? {
        try runs(pipeline: pipeline, limit: 1).first
    }

    /// The run whose id is `prefix` or, like git, the only one starting with it.
    /// Several matches → `.ambiguousRun` listing them; none → `.unknownRun`.
    public func run(id prefix: String) throws -> RunRecord {
        let matches = try read { db -> [RunRecord] in
            if let exact = try RunRecord.fetchOne(db, key: prefix) { return [exact] }
            guard !prefix.isEmpty else { return [] }
            return try RunRecord.fetchAll(db, sql: """
                SELECT * FROM runs WHERE substr(id, 1, ?) = ? ORDER BY rowid DESC LIMIT 11
                """, arguments: [prefix.unicodeScalars.count, prefix])
        }
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            throw RunStoreError(.unknownRun, "no run '\(prefix)' in \(path)", path: path,
                                hint: "check the run id, and that it was recorded in this --store")
        default:
            throw ambiguous(prefix, matches)
        }
    }

    /// The error for a prefix matching several runs, listing up to 10 of them.
    private func ambiguous(_ prefix: String, _ matches: [RunRecord]) -> RunStoreError {
        let listed = matches.prefix(10).map { "\($0.id) (\($0.pipelineName), \($0.state))" }
        let more = matches.count > 10 ? ", …" : ""
        return RunStoreError(.ambiguousRun, "run id '\(prefix)' is ambiguous in \(path): "
                             + listed.joined(separator: ", ") + more,
                             path: path, hint: "give more characters of the run id")
    }

    /// The tasks of a run (exact id), by start time then name; tasks that never started come last.
    public func tasks(runID: String) throws -> [TaskRecord] {
        try read { db in
            try TaskRecord.fetchAll(db, sql: """
                SELECT * FROM tasks WHERE run_id = ? ORDER BY started IS NULL, started, name
                """, arguments: [runID])
        }
    }

    /// One task of a run, or nil.
    public func task(runID: String, name: String) throws -> TaskRecord? {
        try read { db in try TaskRecord.fetchOne(db, key: ["run_id": runID, "name": name]) }
    }

    /// The artifacts produced in a run (exact id), by creation time then id.
    public func artifacts(runID: String) throws -> [ArtifactRecord] {
        try read { db in
            try ArtifactRecord.fetchAll(db, sql: """
                SELECT * FROM artifacts WHERE run_id = ? ORDER BY created, id
                """, arguments: [runID])
        }
    }

    /// The artifact inputs recorded for a run's tasks, by task then input key.
    public func artifactUses(runID: String) throws -> [ArtifactUse] {
        try read { db in
            try ArtifactUse.fetchAll(db, sql: """
                SELECT * FROM artifact_uses WHERE run_id = ? ORDER BY consumer_task, input_key, artifact_id
                """, arguments: [runID])
        }
    }

    /// The JSON record of the last launched attempt of task `name` of run `runID` (exact), or nil when none is stored.
    public func invocationJSON(runID: String, task name: String) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: """
                SELECT record_json FROM task_invocations WHERE run_id = ? AND task_name = ? ORDER BY attempt DESC, rowid DESC LIMIT 1
                """, arguments: [runID, name])
        }
    }
}
