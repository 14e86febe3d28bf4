import Basics
import Foundation
import GRDB

extension RunStore {
    /// One change of a batch given to ``write(_:)``.
    public enum Write: Sendable, Hashable {
        /// A new run (its id must be new).
        case insertRun(RunRecord)
        /// A run's new state; a nil `finished` or `outputsJSON` keeps the stored value.
        case updateRun(id: String, state: RunState, finished: Date?, outputsJSON: String?)
        /// A task instance, inserted or replaced by (run id, name); its run must exist.
        case upsertTask(TaskRecord)
        /// A new artifact (its id must be new); its run must exist.
        case insertArtifact(ArtifactRecord)
        /// A use of an artifact as an input; recording the same use twice is harmless.
        case recordArtifactUse(ArtifactUse)
        /// What attempt `attempt` of task `task` was launched with (JSON text); it supersedes an earlier record of that attempt.
        case recordInvocation(runID: String, task: String, attempt: Int, json: String)
    }

    /// Applies `batch` in one transaction: all of it is stored, or (on any error) none of it.
    /// Use it when many tasks change at once; one commit costs far more than one row.
    public func write(_ batch: [Write]) throws {
        guard !batch.isEmpty else { return }
        try writeTransaction { db in
            for change in batch { try apply(change, db) }
        }
    }

    /// Records a new run.
    public func insertRun(_ run: RunRecord) throws {
        try write([.insertRun(run)])
    }

    /// Sets a run's state; a nil `finished` or `outputsJSON` keeps the stored value. Unknown id → error.
    public func updateRun(id: String, state: RunState, finished: Date? = nil, outputsJSON: String? = nil) throws {
        try write([.updateRun(id: id, state: state, finished: finished, outputsJSON: outputsJSON)])
    }

    /// Inserts or replaces a task by (run id, name): one prepared statement in one short transaction.
    public func upsertTask(_ task: TaskRecord) throws {
        try write([.upsertTask(task)])
    }

    /// Records a new artifact.
    public func insertArtifact(_ artifact: ArtifactRecord) throws {
        try write([.insertArtifact(artifact)])
    }

    /// Records that `consumerTask` of `runID` took `artifactID` as its input `inputKey`.
    public func recordArtifactUse(runID: String, consumerTask: String, inputKey: String, artifactID: String) throws {
        let use = ArtifactUse(runID: runID, consumerTask: consumerTask, inputKey: inputKey, artifactID: artifactID)
        try write([.recordArtifactUse(use)])
    }

    /// Applies one change inside the caller's transaction.
    private func apply(_ change: Write, _ db: Database) throws {
        switch change {
        case .insertRun(let run):
            try run.insert(db)
        case .updateRun(let id, let state, let finished, let outputsJSON):
            try db.cachedStatement(sql: """
                UPDATE runs SET state = ?, finished = COALESCE(?, finished),
                    outputs_json = COALESCE(?, outputs_json) WHERE id = ?
                """).execute(arguments: [state, finished?.storeValue, outputsJSON, id])
            if db.changesCount == 0 {
                throw RunStoreError(.unknownRun, "no run '\(id)' in \(path)", path: path)
            }
        case .upsertTask(let task):
            try db.cachedStatement(sql: TaskRecord.upsertSQL).execute(arguments: task.upsertArguments)
        case .insertArtifact(let artifact):
            try artifact.insert(db)
        case .recordArtifactUse(let use):
            try use.insert(db, onConflict: .ignore)
        case .recordInvocation(let runID, let task, let attempt, let json):
            try db.cachedStatement(sql: """
                INSERT INTO task_invocations (run_id, task_name, attempt, record_json) VALUES (?, ?, ?, ?)
                """).execute(arguments: [runID, task, attempt, json])
        }
    }
}
