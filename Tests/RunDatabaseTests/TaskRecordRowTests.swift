import Foundation
import GRDB
import Testing
@testable import RunDatabase

/// A task row is written from hand-made column values (`TaskRecord.upsertArguments`), and read back through
/// `Codable`: both must agree, column by column, on every field set and on every optional left nil.
@Suite struct TaskRecordRowTests {
    static let full = TaskRecord(runID: "r1", name: "loop[2]/train", displayName: "train", state: .cached,
                                 componentName: "comp-train", exitCode: -9, attempts: 3,
                                 started: Date(timeIntervalSince1970: 1_700_000_001.25),
                                 finished: Date(timeIntervalSince1970: 1_700_000_002.5),
                                 inputsJSON: #"{"a":1}"#, outputsJSON: #"{"b":2}"#, error: "it broke", logsJSON: #"["x.log"]"#,
                                 cacheKey: "abc", cacheStatus: .hit, cacheDescriptionJSON: #"{"k":3}"#,
                                 queued: Date(timeIntervalSince1970: 1_700_000_000.125), attemptsJSON: "[]")
    static let bare = TaskRecord(runID: "r1", name: "t", displayName: "t", state: .pending, componentName: "comp-t")

    @Test("the hand-made row equals the Codable encoding, for a record with every field and one with none", arguments: [full, bare])
    func handMadeRowMatchesCodable(record: TaskRecord) throws {
        let encoded = try record.databaseDictionary
        #expect(Set(encoded.keys) == Set(TaskRecord.columns))
        for column in TaskRecord.CodingKeys.allCases {
            #expect(record.databaseValue(column) == encoded[column.stringValue], "column \(column.stringValue)")
        }
    }

    @Test("a row upserted twice reads back as the record, the second time with its changes")
    func upsertedRowReadsBack() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            try store.upsertTask(Self.bare)
            var changed = Self.full
            changed.name = Self.bare.name
            try store.upsertTask(changed)
            #expect(try store.tasks(runID: "r1") == [changed])
        }
    }
}
