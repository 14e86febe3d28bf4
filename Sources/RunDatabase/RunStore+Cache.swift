import Basics
import Foundation
import GRDB

/// Hits and misses of container tasks over some recent runs.
public struct CacheUsage: Sendable {
    /// Tasks served from the cache.
    public var hits = 0
    /// Cacheable tasks that ran.
    public var misses = 0
    /// Runs looked at.
    public var runs = 0
}

/// How many entries the cache holds, of how many pipelines, and the bytes of their objects.
public struct CacheSummary: Sendable, Equatable {
    public var entries = 0
    public var pipelines = 0
    public var bytes: Int64 = 0
}

extension RunStore {
    /// Counts entries in SQL (one pass over the primary-key index, no row decoded): `cache stats` on 50,000
    /// entries spent most of its time decoding every entry to count them.
    public func cacheSummary() throws -> CacheSummary {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS entries, COUNT(DISTINCT pipeline_name) AS pipelines, TOTAL(bytes) AS bytes FROM cache_entries
                """)
            return CacheSummary(entries: row?["entries"] ?? 0, pipelines: row?["pipelines"] ?? 0,
                                bytes: Int64((row?["bytes"] as Double?) ?? 0))
        }
    }

    /// The entry for `key` in `pipeline`, if any.
    /// One cached prepared statement: `fetchOne(db, key:)` generated and prepared (authorizer included) its SQL
    /// on every call, about a fifth of a fully cached rerun of 10,000 tasks in `perf record -g`.
    public func cacheEntry(pipeline: String, key: String) throws -> CacheEntry? {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM cache_entries WHERE pipeline_name = ? AND cache_key = ?")
            return try CacheEntry.fetchOne(statement, arguments: [pipeline, key])
        }
    }

    /// Writes an entry, replacing one with the same key (two runs that raced both wrote valid outputs).
    public func saveCacheEntry(_ entry: CacheEntry) throws {
        try writeTransaction { db in try entry.save(db, onConflict: .replace) }
    }

    /// Marks entries used now, in one transaction (a run batches the hits it served).
    public func touchCacheEntries(pipeline: String, keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try writeTransaction { db in
            let now = Date().storeValue
            // One prepared statement for every key (a run of 10,000 hits touches 10,000 keys).
            let statement = try db.cachedStatement(sql: "UPDATE cache_entries SET last_used = ? WHERE pipeline_name = ? AND cache_key = ?")
            for key in keys {
                try statement.execute(arguments: [now, pipeline, key])
            }
        }
    }

    /// Removes one entry (its objects were found missing or damaged).
    public func deleteCacheEntry(pipeline: String, key: String) throws {
        try writeTransaction { db in
            _ = try CacheEntry.deleteOne(db, key: ["pipeline_name": pipeline, "cache_key": key])
        }
    }

    /// Every entry, least recently used first.
    public func cacheEntries() throws -> [CacheEntry] {
        try read { db in try CacheEntry.fetchAll(db, sql: "SELECT * FROM cache_entries ORDER BY last_used, rowid") }
    }

    /// Removes the given entries in one transaction; returns how many were removed.
    /// One prepared statement for all of them (`cache prune` may remove tens of thousands).
    @discardableResult
    public func deleteCacheEntries(_ entries: [CacheEntry]) throws -> Int {
        var removed = 0
        try writeTransaction { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM cache_entries WHERE pipeline_name = ? AND cache_key = ?")
            for entry in entries {
                try delete.execute(arguments: [entry.pipelineName, entry.cacheKey])
                removed += db.changesCount
            }
        }
        return removed
    }

    /// Every object id that an entry or a recorded run's artifact still needs.
    public func referencedObjects() throws -> Set<String> {
        try read { db in
            var ids = Set<String>()
            for objects in try String.fetchAll(db, sql: "SELECT objects FROM cache_entries") {
                ids.formUnion(objects.split(separator: " ").map(String.init))
            }
            ids.formUnion(try String.fetchAll(db, sql: "SELECT DISTINCT digest FROM artifacts WHERE digest IS NOT NULL"))
            return ids
        }
    }

    /// Hits and misses of the `recentRuns` newest runs (insertion order, as `runs list`: a clock step does not reorder them).
    public func cacheUsage(recentRuns: Int) throws -> CacheUsage {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                WITH recent AS (SELECT id FROM runs ORDER BY rowid DESC LIMIT ?)
                SELECT (SELECT COUNT(*) FROM recent) AS runs,
                       SUM(cache_status = '\(CacheStatus.hit.rawValue)') AS hits, SUM(cache_status = '\(CacheStatus.miss.rawValue)') AS misses
                FROM tasks WHERE run_id IN (SELECT id FROM recent)
                """, arguments: [recentRuns])
            return CacheUsage(hits: row?["hits"] ?? 0, misses: row?["misses"] ?? 0, runs: row?["runs"] ?? 0)
        }
    }

    /// The most recent earlier execution of task `name` of `pipeline` that recorded a cache key, in a run
    /// recorded before `run` (insertion order; every run when `run` is not in the store, as `plan --cache`'s probe).
    public func previousKeyedExecution(of name: String, pipeline: String, before run: RunRecord) throws -> TaskRecord? {
        try read { db in
            try TaskRecord.fetchOne(db, sql: """
                SELECT tasks.* FROM tasks JOIN runs ON runs.id = tasks.run_id
                WHERE tasks.name = ? AND runs.pipeline_name = ? AND tasks.cache_description_json IS NOT NULL
                  AND runs.id != ? AND runs.rowid < COALESCE((SELECT rowid FROM runs WHERE id = ?), 9223372036854775807)
                ORDER BY runs.rowid DESC LIMIT 1
                """, arguments: [name, pipeline, run.id, run.id])
        }
    }
}
