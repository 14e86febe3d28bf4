import GRDB

extension StoreSchema {
    /// Migration name of the listing-indexes step (registered after the timings step in ``migrator``).
    static let listingIndexesMigration = "v6-listing-indexes"

    /// Schema 6: indexes for `runs list` filters in insertion order. An index on one column keeps its
    /// entries in (value, rowid) order, so `WHERE state = ? ORDER BY rowid DESC LIMIT n` reads n index
    /// entries backwards instead of scanning every run (state) or sorting every run of the pipeline or
    /// experiment in a temporary B-tree (the (column, started) indexes of schema 1 and 3). Measured on a
    /// store of 10,000 runs: EXPLAIN QUERY PLAN showed `SCAN runs` / `USE TEMP B-TREE FOR ORDER BY` before.
    static func v6ListingIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX runs_by_pipeline_in_order ON runs (pipeline_name);
            CREATE INDEX runs_by_state_in_order ON runs (state);
            CREATE INDEX runs_by_experiment_in_order ON runs (experiment);
            """)
        try setVersion(6, db)
    }
}
