/// The state of one task instance (ir-semantics §6.1, local vocabulary).
public enum TaskState: String, Sendable, Hashable, CaseIterable {
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

    /// Whether the task has reached its end.
    public var isFinal: Bool { self != .pending && self != .running }

    /// Succeeded or came from the cache: its outputs exist.
    public var producedOutputs: Bool { self == .succeeded || self == .cached }
}

/// The outcome of a whole run.
public enum RunState: String, Sendable {
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case canceled = "CANCELED"
}
