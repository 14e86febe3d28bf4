import GRDB

extension StoreSchema {
    /// Migration name of the invocations step (registered after the experiments step in ``migrator``).
    static let invocationsMigration = "v4-task-invocations"

    /// Schema 4: what each attempt of a container task was launched with (argv, environment beyond the
    /// user's, working directory, executor input, image, log; see the engine's `InvocationRecord`), for
    /// `tarmac inspect` and `tarmac shell`. Runs recorded before schema 4 kept it in `<task dir>/invocation.json`.
    ///
    /// Rows are only appended (the newest row of a task and attempt is the one that counts), and the only
    /// index is by run: both grow at their end, so recording 10,000 tasks writes few pages. An index by task
    /// name would put each row on a different page; `inspect` reads one run's rows instead.
    static func v4Invocations(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE task_invocations (
                run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, task_name TEXT NOT NULL,
                attempt INTEGER NOT NULL, record_json TEXT NOT NULL);
            CREATE INDEX task_invocations_by_run ON task_invocations (run_id);
            """)
        try setVersion(4, db)
    }
}
