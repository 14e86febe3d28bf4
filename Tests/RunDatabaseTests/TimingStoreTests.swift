import Foundation
import GRDB
@testable import RunDatabase
import Testing

/// Schema 5: `tasks.queued` and `tasks.attempts_json`, and stores written by schema 4 still open.
@Suite("Task timings in the store")
struct TimingStoreTests {
    @Test func queuedAndAttemptTimesRoundTrip() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r"))
            var task = sampleTask("r", "train")
            task.queued = day(0)
            task.attemptsJSON = #"[{"attempt":0,"exit_code":0,"finished":1700000006,"started":1700000001}]"#
            try store.upsertTask(task)
            let read = try #require(try store.task(runID: "r", name: "train"))
            #expect(read == task)
            let never = TaskRecord(runID: "r", name: "skipped", displayName: "s", state: .notRun, componentName: "c", finished: day(3))
            try store.upsertTask(never)
            let readNever = try #require(try store.task(runID: "r", name: "skipped"))
            #expect(readNever.started == nil && readNever.queued == nil && readNever.attemptsJSON == nil)
        }
    }

    @Test func aVersionFourStoreGainsTheColumnsAndKeepsItsTasks() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try writeLegacyStore(scratch, migrations: [
            ("v1-runs-tasks-artifacts-lineage", StoreSchema.v1), ("v2-execution-cache", StoreSchema.v2),
            (StoreSchema.experimentsMigration, StoreSchema.v2Experiments), (StoreSchema.invocationsMigration, StoreSchema.v4Invocations),
        ]) { db in
            try sampleRun("old").insert(db)
            try db.execute(sql: """
                INSERT INTO tasks (run_id, name, display_name, state, component_name, attempts, started, finished, inputs_json, logs_json)
                VALUES ('old', 'train', 'train', 'SUCCEEDED', 'comp-train', 1, 1700000001, 1700000006, '{}', '[]')
                """)
        }
        let store = try scratch.store()
        #expect(try store.meta("schema_version") == String(StoreSchema.currentVersion))
        let old = try #require(try store.task(runID: "old", name: "train"))
        #expect(old.started == day(1) && old.finished == day(6))
        #expect(old.queued == nil && old.attemptsJSON == nil)
        var updated = old
        updated.queued = day(0)
        try store.upsertTask(updated)
        #expect(try store.task(runID: "old", name: "train")?.queued == day(0))
    }
}
