import Foundation
import Glibc

/// Whether the file system under a task's directories is full, so that a failed task can say where the disk ran
/// out (`no space left on device under <path>`) instead of leaving the user to guess from its log.
enum DiskSpace {
    /// Below this many free bytes a file system counts as full (a task's last write failed with ENOSPC there).
    static let fullBelow: UInt64 = 1 << 20

    /// The first of `paths` whose file system has less than `fullBelow` bytes left for this user, or nil.
    static func fullFileSystem(among paths: [String]) -> String? {
        paths.first { path in
            var info = statvfs()
            guard statvfs(path, &info) == 0 else { return false }
            let blocks = geteuid() == 0 ? UInt64(info.f_bfree) : UInt64(info.f_bavail)
            return blocks * UInt64(info.f_frsize) < fullBelow
        }
    }

    /// The words a failed attempt's error ends with when its disk is full, else "".
    static func note(for paths: [String]) -> String {
        fullFileSystem(among: paths).map { "; no space left on device under \($0)" } ?? ""
    }
}
