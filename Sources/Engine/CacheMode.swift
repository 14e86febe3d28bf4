import Basics
import Planner

/// What a run does with the execution cache (`--cache-mode`, `--no-cache`).
public enum CacheMode: String, Sendable, CaseIterable {
    /// Look up, and store successful executions (the default).
    case readWrite = "read-write"
    /// Look up only; never write entries (e.g. a CI job that must not change a shared cache).
    case read
    /// Never look up (always run), but store the results: refreshes entries.
    case write
    /// Neither: the cluster's `--cache_disabled`. Outputs are not ingested either.
    case off

    /// Whether tasks may be served from the cache.
    public var reads: Bool { self == .readWrite || self == .read }
    /// Whether successful executions become entries.
    public var writes: Bool { self == .readWrite || self == .write }
}

/// What the cache did for one task: recorded with the task and shown by `explain`.
struct CacheOutcome: Sendable {
    /// Whether it hit, missed, or why it did not look up.
    var status: CacheStatus
    /// The key (and what it hashes), when one was computed.
    var key: CacheKey?
    /// A note for people: the entry's origin, or why a found entry was not usable.
    var note: String?
}
