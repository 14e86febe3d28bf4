import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small file of allocated blocks next to the database, deleted when a write finds the disk full, so the
/// write that records a task's failure or the end of the run still has room. Made again by a later open
/// once there is space.
final class StoreReserve: Sendable {
    /// How much space is kept, 2 MiB: measured by scripts/bench-store, about 500 single-row task updates
    /// (4,120 bytes of write-ahead log each) or about 970 new task rows (2,161 bytes each, examples/01's tasks).
    static let size: off_t = 2 << 20
    /// The reserve file (`tarmac.sqlite-reserve`).
    let path: String

    /// A reserve at `path`; nothing is created until ``ensure()``.
    init(path: String) { self.path = path }

    /// Creates the reserve if it is missing and the space is there (a failure leaves no file behind).
    func ensure() {
        var info = stat()
        if stat(path, &info) == 0 { return }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let allocated = posix_fallocate(fd, 0, Self.size) == 0
        close(fd)
        if !allocated { unlink(path) }
    }

    /// Deletes the reserve; returns whether there was one to free (so a full write is retried only once).
    func release() -> Bool {
        unlink(path) == 0
    }
}
