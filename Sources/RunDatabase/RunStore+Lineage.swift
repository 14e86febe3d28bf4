import Foundation
import GRDB

extension RunStore {
    /// Where an artifact came from, read in one snapshot: its run, its producing task and that task's
    /// input artifacts (one level). Unknown id → `.unknownArtifact`.
    ///
    /// "Which run produced this model, from which dataset?" is `lineage(artifactID: model.id)`:
    /// `.run`, `.producer` and `.inputs.first { $0.inputKey == "dataset" }`.
    public func lineage(artifactID: String) throws -> ArtifactLineage {
        let found = try read { db -> ArtifactLineage? in
            guard let artifact = try ArtifactRecord.fetchOne(db, key: artifactID) else { return nil }
            return try Self.lineage(of: artifact, db)
        }
        guard let found else {
            throw RunStoreError(.unknownArtifact, "no artifact '\(artifactID)' in \(path)", path: path)
        }
        return found
    }

    /// The lineage of every artifact recorded at `uri`, newest first (empty if none).
    /// A URI can have several producers, e.g. when an output location is reused by later runs.
    public func producers(ofArtifactURI uri: String) throws -> [ArtifactLineage] {
        try read { db in
            let artifacts = try ArtifactRecord.fetchAll(db, sql: """
                SELECT * FROM artifacts WHERE uri = ? ORDER BY created DESC, rowid DESC
                """, arguments: [uri])
            return try artifacts.map { try Self.lineage(of: $0, db) }
        }
    }

    /// Every recorded use of an artifact as an input (one level downstream), by run then task.
    public func consumers(ofArtifactID artifactID: String) throws -> [ArtifactUse] {
        try read { db in
            try ArtifactUse.fetchAll(db, sql: """
                SELECT * FROM artifact_uses WHERE artifact_id = ? ORDER BY run_id, consumer_task, input_key
                """, arguments: [artifactID])
        }
    }

    /// Assembles the lineage of a known artifact inside the caller's read.
    private static func lineage(of artifact: ArtifactRecord, _ db: Database) throws -> ArtifactLineage {
        guard let run = try RunRecord.fetchOne(db, key: artifact.runID) else {
            // The foreign key makes this impossible unless the file was edited by hand.
            throw DatabaseError(resultCode: .SQLITE_CORRUPT,
                                message: "artifact \(artifact.id) names a missing run \(artifact.runID)")
        }
        let producer = try TaskRecord.fetchOne(db, key: ["run_id": artifact.runID, "name": artifact.producerTask])
        let rows = try Row.fetchAll(db, sql: """
            SELECT u.input_key AS input_key, a.* FROM artifact_uses u JOIN artifacts a ON a.id = u.artifact_id
            WHERE u.run_id = ? AND u.consumer_task = ? ORDER BY u.input_key, a.created, a.id
            """, arguments: [artifact.runID, artifact.producerTask])
        let inputs = try rows.map { ArtifactLineage.Input(inputKey: $0["input_key"], artifact: try ArtifactRecord(row: $0)) }
        return ArtifactLineage(artifact: artifact, run: run, producer: producer, inputs: inputs)
    }
}
