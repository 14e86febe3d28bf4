import Foundation
import GRDB
@testable import RunDatabase
import Testing

/// Schema 6: one-column indexes serve `runs list` filters in insertion order; `cache stats` counts in SQL.
@Suite("Listing indexes (schema 6) and the cache summary")
struct ListingIndexTests {
    private static let indexes = ["runs_by_pipeline_in_order", "runs_by_state_in_order", "runs_by_experiment_in_order"]

    private func indexNames(_ store: RunStore) throws -> Set<String> {
        Set(try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs'")
        })
    }

    @Test func aVersionFiveStoreGainsTheIndexesAndKeepsItsRuns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try writeLegacyStore(scratch, migrations: [
            ("v1-runs-tasks-artifacts-lineage", StoreSchema.v1), ("v2-execution-cache", StoreSchema.v2),
            (StoreSchema.experimentsMigration, StoreSchema.v2Experiments), (StoreSchema.invocationsMigration, StoreSchema.v4Invocations),
            (StoreSchema.timingsMigration, StoreSchema.v5Timings),
        ]) { db in
            try sampleRun("old1", state: .failed, started: 1).insert(db)
            try sampleRun("old2", state: .succeeded, started: 2).insert(db)
        }
        let store = try scratch.store()
        #expect(try store.meta("schema_version") == "6")
        #expect(try indexNames(store).isSuperset(of: Self.indexes))
        #expect(try store.runs().map(\.id) == ["old2", "old1"])
        #expect(try store.runs(state: "FAILED").map(\.id) == ["old1"])
    }

    @Test(arguments: [("p", nil, nil), (nil, "FAILED", nil), (nil, nil, "e"), ("p", "FAILED", nil)] as [(String?, String?, String?)])
    func eachFilterReadsItsIndexInOrderWithoutSorting(pipeline: String?, state: String?, experiment: String?) throws {
        try withStore { store in
            for i in 0..<50 {  // enough rows that the planner's choice is not a toss-up
                try store.insertRun(sampleRun("r\(i)", pipeline: i % 2 == 0 ? "p" : "q", state: i % 3 == 0 ? .failed : .succeeded,
                                              started: i, experiment: i % 5 == 0 ? "e" : nil))
            }
            let (sql, arguments) = RunStore.runsQuery(pipeline: pipeline, state: state, experiment: experiment, limit: 20)
            let plan = try store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }.joined(separator: "\n")
            #expect(plan.contains("USING INDEX runs_by_") && plan.contains("_in_order"), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
            let expected = try store.runs(limit: 0).filter {
                (pipeline == nil || $0.pipelineName == pipeline) && (state == nil || $0.state.rawValue == state)
                    && (experiment == nil || $0.experiment == experiment)
            }.prefix(20).map(\.id)
            #expect(try store.runs(pipeline: pipeline, state: state, experiment: experiment, limit: 20).map(\.id) == Array(expected))
        }
    }

    @Test func theCacheSummaryCountsEntriesPipelinesAndBytes() throws {
        try withStore { store in
            #expect(try store.cacheSummary() == CacheSummary())
            try store.insertRun(sampleRun("r1"))
            for (pipeline, key, bytes) in [("p", "k1", 10), ("p", "k2", 20), ("other", "k1", 5)] {
                try store.saveCacheEntry(CacheEntry(pipelineName: pipeline, cacheKey: key, taskName: "t", componentName: "comp-t",
                                                    runID: "r1", created: day(0), lastUsed: day(1), outputsJSON: "{}",
                                                    objects: [], bytes: Int64(bytes)))
            }
            #expect(try store.cacheSummary() == CacheSummary(entries: 3, pipelines: 2, bytes: 35))
        }
    }
}
