/// The state of one task instance (ir-semantics §6.1, local vocabulary). The raw values are the names
/// stored in the run store, printed, and written in every `--json`: the only place they are spelled.
public enum TaskState: String, Sendable, Hashable, CaseIterable, Codable {
    case pending = "PENDING"
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case cached = "CACHED"
    /// Not triggered: its own condition was false (or a dependency was skipped).
    case skipped = "SKIPPED"
    case failed = "FAILED"
    /// Never started because a dependency did not succeed, or fail-fast stopped scheduling.
    case notRun = "NOT_RUN"
    case canceled = "CANCELED"
    /// Was PENDING or RUNNING when its tarmac process died: set by recovery, never by a live run.
    case interrupted = "INTERRUPTED"

    /// Whether the task has reached its end.
    public var isFinal: Bool { self != .pending && self != .running }

    /// Succeeded or came from the cache: its outputs exist.
    public var producedOutputs: Bool { self == .succeeded || self == .cached }
}

/// The state of a whole run: RUNNING while its tarmac process records it, then how it ended.
public enum RunState: String, Sendable, Hashable, CaseIterable, Codable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case canceled = "CANCELED"
    /// Its tarmac process died while it was RUNNING (found and set by recovery).
    case interrupted = "INTERRUPTED"
}

/// The state in the struct an exit task receives (`dsl.PipelineTaskFinalStatus`, ir-semantics §6.5): KFP spells it
/// in MLMD's execution vocabulary, not in `TaskState`'s.
public enum ExecutionFinalState: String, Sendable, Hashable, CaseIterable {
    case complete = "COMPLETE"
    case canceled = "CANCELED"
    case failed = "FAILED"

    /// What the backend reports for a task that ended in `state` (nil: it never ended, which reads as failed).
    public init(_ state: TaskState?) {
        switch state {
        case .succeeded?, .cached?: self = .complete
        case .skipped?, .canceled?: self = .canceled
        default: self = .failed
        }
    }
}

/// What the execution cache did for one container task, as recorded with it and shown by `explain`.
public enum CacheStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Served from a cache entry.
    case hit
    /// Looked up, not found (or not usable): the task ran.
    case miss
    /// The task opts out (`enableCache` is false).
    case disabled
    /// The run opts out (`--no-cache`, `--cache-mode off`).
    case off
    /// `--cache-mode write`: never looks up, stores the result.
    case writeOnly = "write-only"
    /// `--from`/`--only` made it run without a lookup.
    case forced
    /// `--only` reused the outputs of its latest earlier execution.
    case reused
}

// Interpolated (`"state \(task.state)"`), each state reads as its stored name, never as its Swift case name.
extension TaskState: CustomStringConvertible {
    public var description: String { rawValue }
}

extension RunState: CustomStringConvertible {
    public var description: String { rawValue }
}

extension CacheStatus: CustomStringConvertible {
    public var description: String { rawValue }
}
