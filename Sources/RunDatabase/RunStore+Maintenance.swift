import Basics
import Foundation
import GRDB

extension RunStore {
    /// The result of `PRAGMA quick_check` (`integrity_check` without matching indexes to tables): `["ok"]` for a sound file.
    public func quickCheck() throws -> [String] {
        try pragma("quick_check")
    }

    /// What a bounded `quick_check` found.
    public enum QuickCheck: Sendable, Equatable {
        /// Every page read back sound.
        case sound
        /// Not read: the files are as a `run` that found them sound left them (`checkSoundness`).
        case remembered
        /// The problems it reported (at most 20).
        case damaged([String])
        /// It did not finish within the time allowed (a very large store); nothing is known.
        case unfinished
    }

    /// `PRAGMA quick_check(20)`, interrupted after `seconds` so that a very large store costs at most that long.
    /// It finds damaged pages, not index entries that disagree with their table (`integrityCheck` does).
    public func quickCheck(within seconds: Double) throws -> QuickCheck {
        let watch = InterruptWatch(pool: pool)
        defer { watch.disarm() }  // also when the read fails before it starts: a late interrupt must hit nothing
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { watch.fire() }
        do {
            let rows = try pool.read { db in
                defer { watch.disarm() }
                return try String.fetchAll(db, sql: "PRAGMA quick_check(20)")
            }
            let problems = rows.filter { $0 != "ok" }
            return problems.isEmpty ? .sound : .damaged(problems)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            return .unfinished
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
            return .damaged([error.message ?? "\(error.resultCode)"])
        } catch let error as DatabaseError {
            throw RunStoreError.wrapping(error, path: path)
        }
    }

    /// The rows that break a foreign key (`PRAGMA foreign_key_check`), one line each: table, row id, missing parent.
    public func foreignKeyProblems() throws -> [String] {
        try read { db in
            try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                let table: String = row[0] ?? "?", parent: String = row[2] ?? "?"
                let rowID: Int64? = row[1]
                return "\(table) row \(rowID.map(String.init) ?? "?") refers to a missing row of \(parent)"
            }
        }
    }

    /// Writes a consistent copy of the whole database to `file` (`VACUUM INTO`: one self-contained file,
    /// no WAL), while other processes go on reading and writing. `file` must not exist yet.
    public func backup(to file: String) throws {
        let file = RunStore.standardPath(file)
        if FileManager.default.fileExists(atPath: file) {
            throw RunStoreError(.access, "the backup file \(file) already exists", path: path,
                                hint: "name a new file; tarmac never overwrites a backup")
        }
        try RunStoreError.mapping(path: path) {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [file]) }
        }
        chmod(file, 0o600)
    }

    /// Rebuilds every index from its table (`REINDEX`): fixes damaged index pages without losing a row.
    public func reindex() throws {
        try RunStoreError.mapping(path: path) {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "REINDEX") }
        }
    }

    /// Moves the write-ahead log into the database file and empties it (`wal_checkpoint(TRUNCATE)`), so that
    /// copying `tarmac.sqlite` alone copies the history. Skipped while a run is RUNNING (its writes keep
    /// coming); waits at most half a second for other processes' readers. Returns whether it checkpointed.
    @discardableResult
    public func checkpointIfIdle() throws -> Bool {
        try RunStoreError.mapping(path: path) {
            try pool.writeWithoutTransaction { db in
                let running = try Int.fetchOne(db, sql: "SELECT count(*) FROM runs WHERE state = '\(RunState.running.rawValue)'") ?? 0
                guard running == 0 else { return false }
                try db.execute(sql: "PRAGMA busy_timeout = 500")
                defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(Self.busyTimeout * 1000))") }
                let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                let busy: Int = row?[0] ?? 1
                return busy == 0
            }
        }
    }

    /// The pipeline roots recorded runs wrote under (where `store check` looks for run directories no run owns).
    public func pipelineRoots() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT pipeline_root FROM runs ORDER BY pipeline_root") }
    }

    /// Every run id recorded in the store.
    public func allRunIDs() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM runs")) }
    }
}

/// Interrupts the pool's statements once, unless disarmed first: the deadline of `quickCheck(within:)`.
/// Both sides hold `lock`, so the interrupt cannot land on a later statement once the check has ended.
private final class InterruptWatch: @unchecked Sendable {  // `armed` is guarded by `lock`
    private let lock = NSLock()
    private var armed = true
    private let pool: DatabasePool

    init(pool: DatabasePool) { self.pool = pool }

    func fire() { lock.withLock { if armed { pool.interrupt() } } }
    func disarm() { lock.withLock { armed = false } }
}
