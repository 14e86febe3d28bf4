import GRDB

extension StoreSchema {
    /// Migration name of the experiments step (registered after the earlier steps in ``migrator``).
    static let experimentsMigration = "v3-runs-by-experiment"

    /// Schema 3: `tarmac runs list --experiment` looks runs up by experiment, newest first. The
    /// `experiment` column itself has been in `runs` since schema 1 (NULL when no `--experiment` was given).
    static func v2Experiments(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX runs_by_experiment ON runs (experiment, started)")
        try setVersion(3, db)
    }
}
