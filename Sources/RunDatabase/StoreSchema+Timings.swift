import GRDB

extension StoreSchema {
    /// Migration name of the timings step (registered after the invocations step in ``migrator``).
    static let timingsMigration = "v5-task-timings"

    /// Schema 5: true task timings. `tasks.queued` is when the task became ready; from schema 5 on,
    /// `tasks.started` is when its first process launched (or its cache lookup, import or group began)
    /// and stays NULL for a task that never ran; `tasks.attempts_json` holds each attempt's
    /// `{"attempt", "started", "finished", "exit_code"}` (Unix seconds). Rows written before schema 5
    /// have NULL in both new columns, and their `started` is the time they became ready.
    static func v5Timings(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE tasks ADD COLUMN queued REAL;
            ALTER TABLE tasks ADD COLUMN attempts_json TEXT;
            """)
        try setVersion(5, db)
    }
}
