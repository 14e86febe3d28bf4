import GRDB

extension StoreSchema {
    /// Throws `.notAStore` when the file holds tables (besides GRDB's `grdb_migrations`) but no `store_meta`: a database of another program,
    /// which tarmac must never write to (not even to switch it to WAL). Only reads `sqlite_master`.
    static func refuseForeign(_ db: Database, path: String) throws {
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' LIMIT 50
            """)
        // `grdb_migrations` alone: another tarmac is creating this store right now (the migrator makes it first).
        guard !tables.contains("store_meta"), tables.contains(where: { $0 != "grdb_migrations" }) else { return }
        let listed = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
        throw RunStoreError(.notAStore, "this SQLite database is not a tarmac run store (no store_meta table; it holds \(listed))",
                            path: path, hint: "tarmac did not write to it; pass --store DIR (or set TARMAC_STORE) to another directory")
    }
}
