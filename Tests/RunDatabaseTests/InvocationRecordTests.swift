import Foundation
import GRDB
import Testing
@testable import RunDatabase

@Suite("What each attempt was launched with (schema 4)")
struct InvocationRecordTests {
    @Test func theLastAttemptsRecordIsReadAndARewriteReplacesIt() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            #expect(try store.invocationJSON(runID: "r1", task: "train") == nil)
            try store.write([.recordInvocation(runID: "r1", task: "train", attempt: 0, json: #"{"attempt":0}"#),
                             .recordInvocation(runID: "r1", task: "train", attempt: 1, json: #"{"attempt":1}"#),
                             .recordInvocation(runID: "r1", task: "for-loop-2[0]/add", attempt: 0, json: #"{"loop":0}"#)])
            #expect(try store.invocationJSON(runID: "r1", task: "train") == #"{"attempt":1}"#)
            #expect(try store.invocationJSON(runID: "r1", task: "for-loop-2[0]/add") == #"{"loop":0}"#)
            try store.write([.recordInvocation(runID: "r1", task: "train", attempt: 1, json: #"{"attempt":"1b"}"#)])
            #expect(try store.invocationJSON(runID: "r1", task: "train") == #"{"attempt":"1b"}"#)
            #expect(try store.invocationJSON(runID: "r1", task: "eval") == nil)
        }
    }

    @Test func recordsGoWithTheirRunAndNeedOne() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            try store.insertRun(sampleRun("r2"))
            try store.write([.recordInvocation(runID: "r1", task: "t", attempt: 0, json: "{}"),
                             .recordInvocation(runID: "r2", task: "t", attempt: 0, json: #"{"r":2}"#)])
            try store.deleteRun(id: "r1")
            #expect(try store.invocationJSON(runID: "r1", task: "t") == nil)
            #expect(try store.invocationJSON(runID: "r2", task: "t") == #"{"r":2}"#)
            // A record of an unknown run is refused (foreign key), and the batch it was in stores nothing.
            #expect(throws: (any Error).self) {
                try store.write([.recordInvocation(runID: "r2", task: "u", attempt: 0, json: "{}"),
                                 .recordInvocation(runID: "gone", task: "t", attempt: 0, json: "{}")])
            }
            #expect(try store.invocationJSON(runID: "r2", task: "u") == nil)
        }
    }

    @Test func aVersionThreeStoreGainsTheTableAndKeepsItsRuns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try writeLegacyStore(scratch, migrations: [("v1-runs-tasks-artifacts-lineage", StoreSchema.v1), ("v2-execution-cache", StoreSchema.v2),
                                                   (StoreSchema.experimentsMigration, StoreSchema.v2Experiments)]) { db in
            try sampleRun("old").insert(db)
        }
        let store = try scratch.store()
        #expect(try store.meta("schema_version") == String(StoreSchema.currentVersion))
        #expect(try store.run(id: "old").id == "old")
        #expect(try store.invocationJSON(runID: "old", task: "t") == nil)
        try store.write([.recordInvocation(runID: "old", task: "t", attempt: 0, json: "{}")])
        #expect(try store.invocationJSON(runID: "old", task: "t") == "{}")
    }
}
