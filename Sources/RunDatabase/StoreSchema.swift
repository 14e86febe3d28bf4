import Foundation
import GRDB

/// The store's SQL schema as an append-only list of migrations, and the version check.
///
/// Never edit a registered migration: append a new `vN-...` step that also raises `schema_version`
/// to N, and raise ``currentVersion``. An older tarmac refuses a file whose `schema_version` it does not know.
enum StoreSchema {
    /// The `schema_version` this code writes and understands.
    static let currentVersion = 6

    /// The migrations, in order. `grdb_migrations` records which ones ran.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs-tasks-artifacts-lineage", migrate: v1)
        migrator.registerMigration("v2-execution-cache", migrate: v2)
        migrator.registerMigration(experimentsMigration, migrate: v2Experiments)
        migrator.registerMigration(invocationsMigration, migrate: v4Invocations)
        migrator.registerMigration(timingsMigration, migrate: v5Timings)
        migrator.registerMigration(listingIndexesMigration, migrate: v6ListingIndexes)
        return migrator
    }

    /// Refuses a newer file, then applies the missing migrations.
    ///
    /// Two processes opening a new file at once can both see it unmigrated; the loser's `CREATE TABLE`
    /// then fails after waiting for the winner's transaction, so it re-reads the applied migrations and retries.
    static func migrate(_ pool: DatabasePool, path: String) throws {
        try RunStoreError.mapping(path: path) {
            try refuseNewer(pool, path: path)
            let migrator = self.migrator
            for attempt in 1... {
                do {
                    return try migrator.migrate(pool)
                } catch let error as DatabaseError {
                    if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
                    if attempt == 3 { throw error }
                }
            }
        }
        try refuseNewer(pool, path: path)
    }

    /// Throws `.newerSchema` when the file's `schema_version` is above ``currentVersion``.
    static func refuseNewer(_ pool: DatabasePool, path: String) throws {
        let found = try RunStoreError.mapping(path: path) { try pool.read(schemaVersion) }
        guard let found, found > currentVersion else { return }
        throw RunStoreError(
            .newerSchema,
            "this store was written by a newer tarmac (schema \(found)); upgrade tarmac or use another --store",
            path: path, hint: "this tarmac understands schema \(currentVersion)")
    }

    /// The `schema_version` recorded in `store_meta`, or nil for a new (empty) file.
    static func schemaVersion(_ db: Database) throws -> Int? {
        guard try db.tableExists("store_meta") else { return nil }
        let text = try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'schema_version'")
        return text.flatMap { Int($0) }
    }

    /// Records `version` as the file's schema version (the last statement of every migration).
    static func setVersion(_ version: Int, _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO store_meta (key, value) VALUES ('schema_version', ?)",
                       arguments: [String(version)])
    }

    /// Schema 1: runs, tasks, artifacts, artifact uses (lineage), store metadata.
    /// Times are Unix seconds (REAL); JSON columns hold canonical JSON text.
    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE store_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
            CREATE TABLE runs (
                id TEXT PRIMARY KEY NOT NULL, pipeline_name TEXT NOT NULL, pipeline_file TEXT NOT NULL,
                experiment TEXT, state TEXT NOT NULL, parameters_json TEXT NOT NULL, pipeline_root TEXT NOT NULL,
                started REAL NOT NULL, finished REAL, outputs_json TEXT, pid INTEGER);
            CREATE INDEX runs_by_started ON runs (started);
            CREATE INDEX runs_by_pipeline ON runs (pipeline_name, started);
            CREATE TABLE tasks (
                run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, name TEXT NOT NULL,
                display_name TEXT NOT NULL, state TEXT NOT NULL, component_name TEXT NOT NULL,
                exit_code INTEGER, attempts INTEGER NOT NULL, started REAL, finished REAL,
                inputs_json TEXT NOT NULL, outputs_json TEXT, error TEXT, logs_json TEXT NOT NULL,
                PRIMARY KEY (run_id, name));
            CREATE TABLE artifacts (
                id TEXT PRIMARY KEY NOT NULL, run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                producer_task TEXT NOT NULL, output_key TEXT NOT NULL, schema_title TEXT NOT NULL,
                uri TEXT NOT NULL, metadata_json TEXT NOT NULL, created REAL NOT NULL, digest TEXT);
            CREATE INDEX artifacts_by_producer ON artifacts (run_id, producer_task);
            CREATE INDEX artifacts_by_uri ON artifacts (uri);
            CREATE INDEX artifacts_by_digest ON artifacts (digest);
            CREATE TABLE artifact_uses (
                run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, consumer_task TEXT NOT NULL,
                input_key TEXT NOT NULL, artifact_id TEXT NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
                PRIMARY KEY (run_id, consumer_task, input_key, artifact_id));
            CREATE INDEX artifact_uses_by_artifact ON artifact_uses (artifact_id);
            """)
        try setVersion(1, db)
    }

    /// Schema 2: the execution cache (key → outputs record, scoped by pipeline name as on the cluster)
    /// and, per task, its cache key, what happened at lookup, and the key's description (for `explain`).
    static func v2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE cache_entries (
                pipeline_name TEXT NOT NULL, cache_key TEXT NOT NULL, task_name TEXT NOT NULL,
                component_name TEXT NOT NULL, run_id TEXT NOT NULL, created REAL NOT NULL, last_used REAL NOT NULL,
                outputs_json TEXT NOT NULL, objects TEXT NOT NULL, bytes INTEGER NOT NULL,
                PRIMARY KEY (pipeline_name, cache_key));
            CREATE INDEX cache_entries_by_last_use ON cache_entries (last_used);
            ALTER TABLE tasks ADD COLUMN cache_key TEXT;
            ALTER TABLE tasks ADD COLUMN cache_status TEXT;
            ALTER TABLE tasks ADD COLUMN cache_description_json TEXT;
            CREATE INDEX tasks_by_name ON tasks (name, started);
            """)
        try setVersion(2, db)
    }
}
