import Foundation
import RunDatabase
#if canImport(Glibc)
import Glibc
#endif

/// The lock a run holds for its whole life: an exclusive `flock` on `<store>/locks/<run>.lock`. A run is alive
/// exactly while its lock is held, whichever PID namespace its tarmac process lives in (a CI container sharing
/// the store sees other pids, but the same file); the kernel releases the lock when the process dies, however
/// it dies. A run recorded before run locks existed (no lock file) is judged by its pid, as before.
public final class RunLock: @unchecked Sendable {  // `fd` is set once and closed once, under `lock`
    private let lock = NSLock()
    private var fd: Int32

    /// The lock file of `runID` in the store whose database is `databasePath` (`<store>/tarmac.sqlite`).
    public static func path(databasePath: String, runID: String) -> String {
        (databasePath as NSString).deletingLastPathComponent + "/locks/\(runID).lock"
    }

    /// Takes the lock of `runID` (creating the lock file); fails when another process holds it.
    public init(databasePath: String, runID: String) throws(RunLockError) {
        let path = Self.path(databasePath: databasePath, runID: runID)
        let directory = (path as NSString).deletingLastPathComponent
        if mkdir(directory, 0o755) != 0, errno != EEXIST {
            throw RunLockError("cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw RunLockError("cannot open the run lock \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw RunLockError("cannot lock \(path): \(reason)")
        }
    }

    /// Releases the lock (the run has been recorded as ended).
    public func release() {
        lock.withLock {
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    deinit { release() }

    /// Whether the run is alive: its lock is held by some process. Without a lock file (a run of an older
    /// Tarmac) it is alive while a process with its recorded pid exists; an unknown pid counts as alive.
    public static func isAlive(databasePath: String, runID: String, pid: Int32?) -> Bool {
        let path = path(databasePath: databasePath, runID: runID)
        let probe = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard probe >= 0 else {
            if errno != ENOENT { return true }  // cannot tell: never judge a run dead on a guess
            guard let pid, pid > 0 else { return true }
            if pid == getpid() { return true }
            return kill(pid, 0) == 0 || errno != ESRCH
        }
        defer { close(probe) }
        if flock(probe, LOCK_EX | LOCK_NB) == 0 { return false }  // nobody holds it (closing the probe releases it)
        return true  // EWOULDBLOCK: held; anything else: cannot tell, so alive
    }

    /// Removes the lock file of a run that has been deleted.
    public static func remove(databasePath: String, runID: String) {
        unlink(path(databasePath: databasePath, runID: runID))
    }
}

/// A run lock could not be taken.
public struct RunLockError: Error, Sendable {
    /// What went wrong.
    public let message: String
    init(_ message: String) { self.message = message }
}
