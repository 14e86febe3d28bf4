import Basics
import Foundation
import Testing
@testable import RunDatabase

@Suite struct CacheEntryTests {
    static func entry(_ key: String, task: String = "train", run: String = "r1", used: Int = 0, objects: [String] = ["sha256:aa"]) -> CacheEntry {
        CacheEntry(pipelineName: "p", cacheKey: key, taskName: task, componentName: "comp-\(task)", runID: run,
                   created: day(used), lastUsed: day(used), outputsJSON: #"{"artifacts":{},"parameters":{}}"#,
                   objects: objects, bytes: 10)
    }

    @Test func oneEntryPerPipelineAndKeyTheLastWriterWins() throws {
        try withStore { store in
            try store.saveCacheEntry(Self.entry("k1", run: "r1"))
            try store.saveCacheEntry(Self.entry("k1", run: "r2"))
            try store.saveCacheEntry(Self.entry("k2", used: 5, objects: ["tree:bb", "sha256:cc"]))
            #expect(try store.cacheEntries().map(\.cacheKey) == ["k1", "k2"])
            #expect(try store.cacheEntry(pipeline: "p", key: "k1")?.runID == "r2")
            #expect(try store.cacheEntry(pipeline: "other", key: "k1") == nil, "scoped by pipeline")
            #expect(try store.cacheEntry(pipeline: "p", key: "k2")?.objects == ["tree:bb", "sha256:cc"])
            try store.touchCacheEntries(pipeline: "p", keys: ["k1"])
            #expect(try store.cacheEntries().map(\.cacheKey) == ["k2", "k1"], "least recently used first")
            try store.deleteCacheEntry(pipeline: "p", key: "k2")
            #expect(try store.cacheEntries().map(\.cacheKey) == ["k1"])
        }
    }

    @Test func referencedObjectsCoverEntriesAndRecordedArtifacts() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            try store.insertArtifact(ArtifactRecord(id: "a1", runID: "r1", producerTask: "t", outputKey: "o", schemaTitle: "system.Model",
                                                    uri: "/x", metadataJSON: "{}", created: day(1), digest: "sha256:dd"))
            try store.saveCacheEntry(Self.entry("k", objects: ["sha256:aa", "tree:bb"]))
            #expect(try store.referencedObjects() == ["sha256:aa", "tree:bb", "sha256:dd"])
        }
    }

    @Test func cacheUsageAndThePreviousKeyedExecution() throws {
        try withStore { store in
            for (index, status) in [CacheStatus.miss, .hit].enumerated() {
                try store.insertRun(sampleRun("r\(index)", started: index * 100))
                var task = sampleTask("r\(index)", "train", started: index * 100)
                task.cacheKey = "key-\(index)"
                task.cacheStatus = status
                task.cacheDescriptionJSON = #"{"inputParameters":{"n":\#(index)}}"#
                try store.upsertTask(task)
            }
            let usage = try store.cacheUsage(recentRuns: 10)
            #expect(usage.hits == 1 && usage.misses == 1 && usage.runs == 2)
            let previous = try store.previousKeyedExecution(of: "train", pipeline: "train-pipeline", before: try store.run(id: "r1"))
            #expect(previous?.runID == "r0" && previous?.cacheKey == "key-0")
            #expect(try store.previousKeyedExecution(of: "train", pipeline: "train-pipeline", before: try store.run(id: "r0")) == nil)
        }
    }
}
