import Foundation
import Glibc
import RunDatabase
import Testing
@testable import Engine

/// Issue 17.5: a run is dead only when nobody holds its lock, not when its recorded pid is gone. A "foreign pid
/// namespace" is simulated by a RUNNING run whose recorded pid names no process here while a live process
/// (`flock`, from util-linux) holds its lock file, as a tarmac in a CI container sharing the store would.
@Suite(.timeLimit(.minutes(10))) struct RunLockTests {
    let directory: String
    let store: RunStore

    init() throws {
        directory = NSTemporaryDirectory() + "tarmac-runlock-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try RunStore(path: directory + "/tarmac.sqlite")
    }

    /// A pid no process has: above the kernel's pid_max.
    static let deadPid: Int32 = 4_194_304 + 7

    private func insertRunning(_ id: String) throws {
        try store.insertRun(RunRecord(id: id, pipelineName: "p", pipelineFile: "/p.yaml", state: .running, parametersJSON: "{}",
                                      pipelineRoot: directory, started: Date(), pid: Self.deadPid))
    }

    /// `flock --no-fork <lock file> sleep 60` in its own process; returns once the lock is taken. End it with `end`.
    /// (Foundation starts it with the spawning thread's signal mask, and a pool thread blocks SIGTERM, so `terminate`
    /// did nothing: each test waited in `waitUntilExit` until `sleep` ended, 60 s, holding a thread of the pool that
    /// every test in the process shares. `--no-fork`: the process SIGKILL ends is the one that holds the lock.)
    private func holdLock(of id: String) throws -> Process {
        let path = RunLock.path(databasePath: store.path, runID: id)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--no-fork", "--exclusive", path, "sleep", "60"]
        try holder.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, RunLock.isAlive(databasePath: store.path, runID: id, pid: Self.deadPid) == false {
            usleep(20_000)
        }
        return holder
    }

    /// SIGKILL (which no mask blocks) to the holder, and its exit.
    private func end(_ holder: Process) {
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
    }

    @Test func aRunWhoseLockIsHeldIsAliveWhateverItsPid() throws {
        try insertRunning("held")
        let holder = try holdLock(of: "held")
        defer { end(holder) }
        #expect(RunLock.isAlive(databasePath: store.path, runID: "held", pid: Self.deadPid))
        #expect(RunRecovery.recover(store: store).isEmpty)
        #expect(try store.run(id: "held").state == .running)
    }

    @Test func aRunWhoseLockIsFreeIsRecoveredOnceItsHolderDies() throws {
        try insertRunning("freed")
        let holder = try holdLock(of: "freed")
        #expect(RunRecovery.recover(store: store).isEmpty)
        end(holder)
        #expect(!RunLock.isAlive(databasePath: store.path, runID: "freed", pid: Self.deadPid))
        #expect(RunRecovery.recover(store: store).map(\.runID) == ["freed"])
        #expect(try store.run(id: "freed").state == .interrupted)
    }

    @Test func theLockIsExclusiveAndReleasedByItsHolder() throws {
        let first = try RunLock(databasePath: store.path, runID: "r")
        #expect(throws: RunLockError.self) { try RunLock(databasePath: store.path, runID: "r") }
        #expect(RunLock.isAlive(databasePath: store.path, runID: "r", pid: Self.deadPid))
        first.release()
        #expect(!RunLock.isAlive(databasePath: store.path, runID: "r", pid: Self.deadPid))
        // A run recorded before locks existed has no lock file: judged by its pid, as before.
        #expect(!RunLock.isAlive(databasePath: store.path, runID: "legacy", pid: Self.deadPid))
        #expect(RunLock.isAlive(databasePath: store.path, runID: "legacy", pid: getpid()))
    }
}
