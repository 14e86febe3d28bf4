import Foundation
import GRDB

extension RunStore {
    /// Deletes run `id` (exact) and, by cascade, its tasks, artifacts and artifact uses, in one transaction.
    /// Unknown id → `.unknownRun`.
    public func deleteRun(id: String) throws {
        try writeTransaction { db in
            try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id])
            if db.changesCount == 0 {
                throw RunStoreError(.unknownRun, "no run '\(id)' in \(path)", path: path)
            }
        }
    }

    /// Artifacts of runs other than `runID` whose URI lies under `directory` (e.g. a later run that took
    /// them from the cache): deleting that directory would break those runs.
    public func artifactsOfOtherRuns(under directory: String, excluding runID: String) throws -> [ArtifactRecord] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return try read { db in
            try ArtifactRecord.fetchAll(db, sql: """
                SELECT * FROM artifacts WHERE uri >= ? AND uri < ? AND run_id != ? ORDER BY created LIMIT 20
                """, arguments: [prefix, prefix + "\u{10FFFF}", runID])
        }
    }
}
