import Basics
import Foundation
import GRDB
import Testing
@testable import RunDatabase

/// Checking, repairing, backing up and checkpointing a store; the order of runs; the end of an interrupted run.
@Suite struct StoreMaintenanceTests {
    @Test func runsAreListedInRecordedOrderNotByTheClock() throws {
        try withStore { store in
            try store.insertRun(sampleRun("ahead", started: 86_400))  // recorded while the clock was a day ahead
            try store.insertRun(sampleRun("later", started: 10))
            #expect(try store.runs(limit: 1).map(\.id) == ["later"])
            #expect(try store.latestRun()?.id == "later")
        }
    }

    @Test func anInterruptedRunEndsAtItsLastRecordedChange() throws {
        try withStore { store in
            try store.insertRun(sampleRun("r1", started: 0))
            var task = sampleTask("r1", "train", state: .running, started: 5)
            task.finished = nil
            try store.upsertTask(task)
            var done = sampleTask("r1", "prepare", state: .succeeded, started: 1)
            done.finished = day(4)
            try store.upsertTask(done)
            #expect(try store.markInterrupted(runID: "r1", reason: "gone"))
            let run = try store.run(id: "r1")
            #expect(run.state == .interrupted)
            #expect(run.finished == day(5))
            #expect(try store.task(runID: "r1", name: "train")?.finished == day(5))
        }
    }

    @Test func checkpointingPutsTheHistoryInTheMainFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        for index in 0..<50 { try store.insertRun(sampleRun("r\(index)", state: .succeeded)) }
        try store.insertRun(sampleRun("live", state: .running))
        #expect(try store.checkpointIfIdle() == false)  // a run is active: its writes keep coming
        try store.updateRun(id: "live", state: .succeeded)
        #expect(try store.checkpointIfIdle())
        #expect(try FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? NSNumber == 0)
        let copy = scratch.url.appendingPathComponent("copy/tarmac.sqlite").path
        try FileManager.default.createDirectory(atPath: (copy as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: store.path, toPath: copy)
        #expect(try RunStore(path: copy).runs(limit: 0).count == 51)
    }

    @Test func aBackupIsOneConsistentFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try scratch.store()
        try store.insertRun(sampleRun("r1"))
        try store.upsertTask(sampleTask("r1", "train"))
        let backup = scratch.url.appendingPathComponent("backup.sqlite").path
        try store.backup(to: backup)
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal"))
        let restored = try RunStore(path: backup)
        #expect(try restored.runs().map(\.id) == ["r1"])
        #expect(try restored.tasks(runID: "r1").map(\.name) == ["train"])
        #expect(storeError { try store.backup(to: backup) }?.message.contains("already exists") == true)
    }

    @Test func reindexRepairsADamagedIndexWithoutLosingARun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.storePath
        do {
            let store = try scratch.store()
            for index in 0..<200 { try store.insertRun(sampleRun(String(format: "run-%04d", index), state: .succeeded, started: index)) }
            #expect(try store.checkpointIfIdle())
        }
        try damageIndex("sqlite_autoindex_runs_1", of: path)  // the index of run ids
        let store = try RunStore(path: path)
        let damage = try store.integrityCheck()
        #expect(damage != ["ok"])
        #expect(try store.foreignKeyProblems().isEmpty)
        try store.reindex()
        #expect(try store.integrityCheck() == ["ok"])
        #expect(try store.runs(limit: 0).count == 200)
    }

    @Test func aFullDiskStillRecordsTheEndOfARun() throws {
        let mount = try TmpfsMount(size: "8m")
        defer { mount.unmount() }
        let store = try RunStore(path: mount.path + "/store/tarmac.sqlite")
        #expect(FileManager.default.fileExists(atPath: store.path + "-reserve"))
        try store.insertRun(sampleRun("r1"))
        try fillDisk(mount.path + "/filler")
        // A task's failure and the run's end are written after the disk filled up.
        var failed = sampleTask("r1", "train", state: .failed)
        failed.error = String(repeating: "no space left on device ", count: 2_000)
        try store.write((0..<200).map { .upsertTask(sampleTask("r1", "task-\($0)", state: .notRun)) } + [.upsertTask(failed)])
        try store.updateRun(id: "r1", state: .failed, finished: day(9))
        #expect(!FileManager.default.fileExists(atPath: store.path + "-reserve"))
        #expect(try store.run(id: "r1").state == .failed)
        #expect(try store.tasks(runID: "r1").count == 201)
        // With no reserve left, a full disk is a clear environment error, not a struct dump.
        let error = try #require(storeError {
            try store.write((0..<2_000).map { index in
                var task = sampleTask("r1", "more-\(index)", state: .notRun)
                task.error = String(repeating: "x", count: 2_048)
                return .upsertTask(task)
            })
        })
        #expect(error.kind == .noSpace && error.exitCode == .environment)
        #expect(error.message == "no space left on device under \(mount.path)/store")
    }
}

/// Overwrites the cells of index `name`'s root page with other bytes (after moving the WAL into the file):
/// the table rows stay intact, the index no longer matches them.
func damageIndex(_ name: String, of path: String) throws {
    let queue = try DatabaseQueue(path: path)
    let (root, pageSize) = try queue.read { db in
        (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [name])!,
         try Int.fetchOne(db, sql: "PRAGMA page_size")!)
    }
    try queue.close()
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    // The last bytes of a b-tree page hold its cells' payloads: flip digits of the keys stored there.
    let end = UInt64(root * pageSize)
    try handle.seek(toOffset: end - 200)
    var bytes = [UInt8](try handle.read(upToCount: 200) ?? Data())
    for index in bytes.indices where (0x30...0x39).contains(bytes[index]) { bytes[index] = 0x30 + (bytes[index] - 0x30 + 1) % 10 }
    try handle.seek(toOffset: end - 200)
    try handle.write(contentsOf: Data(bytes))
}

/// Writes zeros to `path` until the file system is full.
func fillDisk(_ path: String) throws {
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    let chunk = Data(count: 64 * 1024)
    while (try? handle.write(contentsOf: chunk)) != nil {}
}
