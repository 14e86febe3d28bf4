import Foundation
import GRDB
import Testing
@testable import RunDatabase

@Suite("Deleting runs; experiments (schema 2)")
struct DeleteAndExperimentTests {
    @Test func deleteRunCascadesToTasksArtifactsAndUses() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            try store.insertRun(sampleRun("r2"))
            try store.upsertTask(sampleTask("r1", "train"))
            try store.insertArtifact(sampleArtifact("a1", run: "r1", task: "train", key: "model"))
            try store.recordArtifactUse(runID: "r1", consumerTask: "eval", inputKey: "model", artifactID: "a1")
            try store.deleteRun(id: "r1")
            #expect(storeError { _ = try store.run(id: "r1") }?.kind == .unknownRun)
            #expect(try store.tasks(runID: "r1").isEmpty && store.artifacts(runID: "r1").isEmpty)
            #expect(try store.artifactUses(runID: "r1").isEmpty)
            #expect(try store.run(id: "r2").id == "r2")
            #expect(storeError { try store.deleteRun(id: "r1") }?.kind == .unknownRun)
        }
    }

    @Test func artifactsOfOtherRunsUnderADirectory() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            try store.insertRun(sampleRun("r2"))
            try store.insertArtifact(sampleArtifact("a1", run: "r1", task: "t", key: "k", uri: "/root/p/r1/t/k"))
            try store.insertArtifact(sampleArtifact("a2", run: "r2", task: "t", key: "k", uri: "/root/p/r1/t/k"))
            try store.insertArtifact(sampleArtifact("a3", run: "r2", task: "t", key: "x", uri: "/root/p/r10/t/x"))
            #expect(try store.artifactsOfOtherRuns(under: "/root/p/r1", excluding: "r1").map(\.id) == ["a2"])
            #expect(try store.artifactsOfOtherRuns(under: "/root/p/r2", excluding: "r2").isEmpty)
        }
    }

    @Test func newStoresHaveTheExperimentIndexAndFilterByIt() throws {
        try withStore { store in
            #expect(try store.meta("schema_version") == String(StoreSchema.currentVersion))
            let indexes = try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM pragma_index_list('runs')") }
            #expect(indexes.contains("runs_by_experiment"))
            try store.insertRun(sampleRun("r1", experiment: "a"))
            try store.insertRun(sampleRun("r2", started: 1, experiment: "b"))
            try store.insertRun(sampleRun("r3", started: 2, experiment: "a"))
            #expect(try store.runs(experiment: "a").map(\.id) == ["r3", "r1"])
        }
    }

    @Test func aVersionOneStoreIsMigratedInPlace() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try writeLegacyStore(scratch, migrations: [("v1-runs-tasks-artifacts-lineage", StoreSchema.v1)]) { db in
            try sampleRun("old", experiment: "legacy").insert(db)
        }
        let store = try scratch.store()
        #expect(try store.meta("schema_version") == String(StoreSchema.currentVersion))
        #expect(try store.runs(experiment: "legacy").map(\.id) == ["old"])
    }
}
