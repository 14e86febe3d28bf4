import Foundation
import Testing
@testable import RunDatabase

@Suite struct LookupTests {
    /// Runs `abc123`, `abd456`, `abd789`, `x` of two pipelines, started in that order.
    private func seeded(_ store: RunStore) throws {
        try store.insertRun(sampleRun("abc123", pipeline: "p1", state: .succeeded, started: 1, experiment: "e1"))
        try store.insertRun(sampleRun("abd456", pipeline: "p2", state: .failed, started: 2))
        try store.insertRun(sampleRun("abd789", pipeline: "p1", state: .failed, started: 3, experiment: "e1"))
        try store.insertRun(sampleRun("x", pipeline: "p1", state: .running, started: 4))
    }

    @Test func uniquePrefixAndExactID() throws {
        try withStore { store in
            try seeded(store)
            #expect(try store.run(id: "abc").id == "abc123")
            #expect(try store.run(id: "abd7").id == "abd789")
            #expect(try store.run(id: "abd456").id == "abd456")
            try store.insertRun(sampleRun("x-longer", started: 5))
            #expect(try store.run(id: "x").id == "x")  // an exact id wins over longer ids it prefixes
        }
    }

    @Test func ambiguousPrefixListsCandidates() throws {
        try withStore { store in
            try seeded(store)
            let error = try #require(storeError { _ = try store.run(id: "abd") })
            #expect(error.kind == .ambiguousRun)
            #expect(error.message == "run id 'abd' is ambiguous in \(store.path): "
                    + "abd789 (p1, FAILED), abd456 (p2, FAILED)")
            #expect(error.location == .path(store.path))
            #expect(error.exitCode == .usage)
        }
    }

    @Test func unknownAndEmptyIDs() throws {
        try withStore { store in
            try seeded(store)
            let error = try #require(storeError { _ = try store.run(id: "zzz") })
            #expect(error.kind == .unknownRun)
            #expect(error.message == "no run 'zzz' in \(store.path)")
            #expect(storeError { _ = try store.run(id: "") }?.kind == .unknownRun)
            #expect(storeError { _ = try store.run(id: "ab%") }?.kind == .unknownRun)
        }
    }

    @Test func filtersAndNewestFirst() throws {
        try withStore { store in
            try seeded(store)
            #expect(try store.runs().map(\.id) == ["x", "abd789", "abd456", "abc123"])
            #expect(try store.runs(pipeline: "p1").map(\.id) == ["x", "abd789", "abc123"])
            #expect(try store.runs(state: "FAILED").map(\.id) == ["abd789", "abd456"])
            #expect(try store.runs(pipeline: "p1", state: "FAILED").map(\.id) == ["abd789"])
            #expect(try store.runs(experiment: "e1").map(\.id) == ["abd789", "abc123"])
            #expect(try store.runs(limit: 2).map(\.id) == ["x", "abd789"])
            #expect(try store.runs(limit: 0).count == 4)
            #expect(try store.runs(pipeline: "nope").isEmpty)
            #expect(try store.latestRun(pipeline: "p2")?.id == "abd456")
            #expect(try store.latestRun()?.id == "x")
            #expect(try store.latestRun(pipeline: "nope") == nil)
        }
    }
}
