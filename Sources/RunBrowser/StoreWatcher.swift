import Foundation

/// Notices that the store changed without querying it: the size and modification time of the database file and
/// of its write-ahead log (every committed write of a `tarmac run` changes the WAL), or of any other file.
struct FileStamp: Equatable, Sendable {
    /// Size and modification time (nanoseconds) of each watched file; zeros for a missing one.
    let parts: [Int64]

    /// The stamp of `paths` now (one `stat` each).
    static func of(_ paths: [String]) -> FileStamp {
        FileStamp(parts: paths.flatMap { path -> [Int64] in
            var info = stat()
            guard stat(path, &info) == 0 else { return [0, 0] }
            return [Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)]
        })
    }

    /// The size of the first file.
    var firstSize: Int64 { parts.first ?? 0 }
}

/// Waiting between looks at the stamp: short right after a change, growing while nothing changes, never more than
/// ``longest`` (so a change shows within a second), and no database query unless the stamp moved.
struct BackOff: Sendable {
    /// The first wait after a change.
    static let shortest: Duration = .milliseconds(100)
    /// The longest wait.
    static let longest: Duration = .milliseconds(500)
    /// The current wait.
    private(set) var current: Duration = BackOff.shortest

    /// After a look that found a change (`changed`) or nothing: the next wait.
    mutating func next(changed: Bool) -> Duration {
        current = changed ? Self.shortest : min(current * 3 / 2, Self.longest)
        return current
    }
}
