import Basics
import Foundation
import GRDB

/// The run history kept in one SQLite file: runs, their tasks, artifacts and lineage.
///
/// Open one `RunStore` per file per process and share it: it is `Sendable` and safe to call from any
/// thread. Several tarmac processes may share one file: the database is in WAL mode (readers never wait),
/// every write is one `BEGIN IMMEDIATE` transaction, and a writer waits (``busyTimeout``, then jittered retries up to ``lockPatience``) for another
/// process's write to finish instead of failing with "database is locked".
public final class RunStore: Sendable {
    /// The absolute path of the database file.
    public let path: String
    /// The one connection pool to the file in this store (one writer, several WAL readers).
    let pool: DatabasePool

    /// How long a write waits for another connection's write transaction before giving up.
    public static let busyTimeout: TimeInterval = 10
    /// How long a write keeps retrying a store locked by other processes before it fails.
    public static let lockPatience: TimeInterval = 60

    /// Whether this process found the file sound as it opened it (`checkSoundness`).
    let soundAtOpen = Locked(false)

    /// Space kept free next to the file so that the end of a run can still be recorded on a full disk.
    let reserve: StoreReserve

    /// Opens the store at `path`, creating the file (0600) and its directory (0700) if missing,
    /// and migrating it to the current schema. A file from a newer tarmac is refused, and so is a
    /// SQLite database of another program (no `store_meta`): nothing is written to it.
    /// A 0-byte file next to earlier runs' `artifacts/` or `objects/` is refused unless `startingOver`.
    public init(path: String, startingOver: Bool = false) throws {
        let path = Self.standardPath(path)
        self.path = path
        try StoreFiles.prepare(path: path, allowEmpty: startingOver)
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "tarmac.RunStore"
        // Runs on each new connection before GRDB switches the file to WAL (a write).
        configuration.prepareDatabase { db in try StoreSchema.refuseForeign(db, path: path) }
        pool = try Self.open(path: path, configuration: configuration)
        reserve = StoreReserve(path: path + "-reserve")
        reserve.ensure()
    }

    /// The absolute, standardized form of a database path, as `path` holds it.
    static func standardPath(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// Opens the pool and migrates it. When several tarmac processes open one new store at once, the
    /// switch to WAL and the migration can find the file locked beyond the busy timeout: like a write,
    /// opening then backs off with jitter and tries again, for up to ``lockPatience``.
    private static func open(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(lockPatience)
        while true {
            do {
                let pool = try RunStoreError.mapping(path: path) { try DatabasePool(path: path, configuration: configuration) }
                try StoreSchema.migrate(pool, path: path)
                return pool
            } catch let error as RunStoreError where error.kind == .locked && Date() < deadline {
                Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.2))
            }
        }
    }

    /// Runs `body` in a read transaction (a consistent snapshot), mapping failures to `RunStoreError`.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try RunStoreError.mapping(path: path) { try pool.read(body) }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so waiting
    /// for another process goes through the busy timeout instead of failing on a stale snapshot.
    ///
    /// SQLite's busy handler is not fair: a process that commits back to back can keep the lock while
    /// a waiter sleeps through its retries. So a write that is still busy after `busyTimeout` backs off
    /// for a random moment and tries again, for up to `lockPatience` in all.
    func writeTransaction(_ body: (Database) throws -> Void) throws {
        let deadline = Date().addingTimeInterval(Self.lockPatience)
        try RunStoreError.mapping(path: path) {
            while true {
                do {
                    try pool.writeWithoutTransaction { db in
                        try db.inTransaction(.immediate) {
                            try body(db)
                            return .commit
                        }
                    }
                    return
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                    Thread.sleep(forTimeInterval: Double.random(in: 0.002...0.05))
                } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL && reserve.release() {
                    continue  // the reserve's space is now free for this write (the end of a run)
                }
            }
        }
    }

    /// The result of `PRAGMA integrity_check`: `["ok"]` for a sound file.
    public func integrityCheck() throws -> [String] {
        try pragma("integrity_check")
    }

    /// The rows of a read-only `PRAGMA name` (e.g. `journal_mode`), as text.
    func pragma(_ name: String) throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA \(name)") }
    }

    /// A value of `store_meta`, or nil.
    func meta(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = ?", arguments: [key]) }
    }

    /// Sets a value of `store_meta` (e.g. to simulate a newer tarmac in tests).
    func setMeta(_ key: String, _ value: String) throws {
        try writeTransaction { db in
            try db.execute(sql: "INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }
}
