import Foundation
import Testing
@testable import RunDatabase

@Suite struct RoundTripTests {
    @Test func runRoundTripAndUpdate() throws {
        try withStore { store in
            var run = sampleRun("r1", experiment: "exp")
            run.pid = 4242
            try store.insertRun(run)
            #expect(try store.run(id: "r1") == run)

            try store.updateRun(id: "r1", state: .succeeded, finished: day(9), outputsJSON: #"{"parameters":{}}"#)
            try store.updateRun(id: "r1", state: .succeeded)  // nil keeps finished and outputs
            run.state = .succeeded
            run.finished = day(9)
            run.outputsJSON = #"{"parameters":{}}"#
            #expect(try store.run(id: "r1") == run)
        }
    }

    @Test func runDefaultsToThisProcessID() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            #expect(try store.run(id: "r1").pid == ProcessInfo.processInfo.processIdentifier)
        }
    }

    @Test func updatingAnUnknownRunFails() throws {
        try withStore { store in
            let error = storeError { try store.updateRun(id: "nope", state: .failed) }
            #expect(error?.kind == .unknownRun)
            #expect(error?.location == .path(store.path))
        }
    }

    @Test func taskRoundTripUpsertAndOrder() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            let late = sampleTask("r1", "b-late", started: 7)
            let early = sampleTask("r1", "z-early", started: 3)
            let pending = TaskRecord(runID: "r1", name: "a-pending", displayName: "p", state: .pending, componentName: "c")
            var same = sampleTask("r1", "a-same", started: 7)
            for task in [late, early, pending, same] { try store.upsertTask(task) }
            same.state = .failed
            same.exitCode = 3
            same.error = "exit 3"
            same.outputsJSON = nil
            try store.upsertTask(same)

            #expect(try store.tasks(runID: "r1") == [early, same, late, pending])
            #expect(try store.task(runID: "r1", name: "a-same") == same)
            #expect(try store.task(runID: "r1", name: "missing") == nil)
        }
    }

    @Test func artifactsAndUsesRoundTrip() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            let a = sampleArtifact("art-1", run: "r1", task: "ingest", key: "dataset")
            var b = sampleArtifact("art-2", run: "r1", task: "train", key: "model", created: 5)
            b.digest = nil
            try store.insertArtifact(a)
            try store.insertArtifact(b)
            try store.recordArtifactUse(runID: "r1", consumerTask: "train", inputKey: "dataset", artifactID: "art-1")
            try store.recordArtifactUse(runID: "r1", consumerTask: "train", inputKey: "dataset", artifactID: "art-1")

            #expect(try store.artifacts(runID: "r1") == [a, b])
            #expect(try store.artifactUses(runID: "r1")
                    == [ArtifactUse(runID: "r1", consumerTask: "train", inputKey: "dataset", artifactID: "art-1")])
        }
    }

    @Test func batchOfTenThousandTasksIsOneTransaction() throws {
        try withStore { store in
            let tasks = (0..<10_000).map { (i: Int) in sampleTask("big", "for-loop-1[\(i)]/add", started: i) }
            try store.write([.insertRun(sampleRun("big"))] + tasks.map { .upsertTask($0) })
            #expect(try store.tasks(runID: "big").count == 10_000)
        }
    }

    @Test func aFailingBatchStoresNothing() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            let error = storeError {
                try store.write([.upsertTask(sampleTask("r1", "ok")), .upsertTask(sampleTask("no-such-run", "x"))])
            }
            #expect(error?.kind == .sqlite)
            #expect(try store.tasks(runID: "r1").isEmpty)
        }
    }

    @Test func duplicateRunIsRefused() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1"))
            #expect(storeError { try store.insertRun(sampleRun("r1")) }?.kind == .sqlite)
        }
    }
}
