import Basics
import Foundation
import GRDB

extension RunStore {
    /// Runs recorded as RUNNING, oldest first (to find those whose tarmac process died).
    public func runningRuns() throws -> [RunRecord] {
        try read { db in
            try RunRecord.fetchAll(db, sql: "SELECT * FROM runs WHERE state = '\(RunState.running.rawValue)' ORDER BY started")
        }
    }

    /// Marks a run whose process is gone INTERRUPTED, with its unfinished tasks, in one transaction. The run
    /// ends at its last recorded sign of life (its start or a task's latest start or finish), not at recovery.
    /// Only a row still RUNNING changes, so two tarmac processes recovering at once agree. Returns
    /// whether this call changed it.
    @discardableResult
    public func markInterrupted(runID: String, reason: String) throws -> Bool {
        var changed = false
        try writeTransaction { db in
            let now = try lastActivity(of: runID, db) ?? Date().storeValue
            try db.execute(sql: "UPDATE runs SET state = '\(RunState.interrupted.rawValue)', finished = ? WHERE id = ? AND state = '\(RunState.running.rawValue)'",
                           arguments: [now, runID])
            changed = db.changesCount > 0
            guard changed else { return }
            try db.execute(sql: """
                UPDATE tasks SET state = '\(TaskState.interrupted.rawValue)', finished = ?, error = ?
                WHERE run_id = ? AND state IN ('\(TaskState.pending.rawValue)', '\(TaskState.running.rawValue)')
                """, arguments: [now, reason, runID])
        }
        return changed
    }

    /// The latest time the run's row or one of its tasks was recorded to change (Unix seconds), or nil for no such run.
    private func lastActivity(of runID: String, _ db: Database) throws -> Double? {
        try Double.fetchOne(db, sql: """
            SELECT MAX(runs.started, IFNULL(MAX(MAX(IFNULL(tasks.started, 0), IFNULL(tasks.finished, 0))), 0))
            FROM runs LEFT JOIN tasks ON tasks.run_id = runs.id WHERE runs.id = ? GROUP BY runs.id
            """, arguments: [runID])
    }

    /// The newest execution of task `name` of `pipeline` that produced outputs (SUCCEEDED or CACHED),
    /// with the artifacts it produced: what `--only` reuses for tasks it does not run.
    public func latestOutputs(of name: String, pipeline: String) throws -> (task: TaskRecord, artifacts: [ArtifactRecord])? {
        try read { db in
            guard let task = try TaskRecord.fetchOne(db, sql: """
                SELECT tasks.* FROM tasks JOIN runs ON runs.id = tasks.run_id
                WHERE tasks.name = ? AND runs.pipeline_name = ? AND tasks.state IN ('\(TaskState.succeeded.rawValue)', '\(TaskState.cached.rawValue)')
                ORDER BY tasks.finished DESC, runs.rowid DESC LIMIT 1
                """, arguments: [name, pipeline]) else { return nil }
            let artifacts = try ArtifactRecord.fetchAll(db, sql: "SELECT * FROM artifacts WHERE run_id = ? AND producer_task = ?",
                                                        arguments: [task.runID, name])
            return (task, artifacts)
        }
    }
}
