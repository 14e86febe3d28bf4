import Basics
import Foundation

/// One state change of a task instance, with what a progress view shows: times, exit code, logs.
public struct TaskUpdate: Sendable, Hashable {
    /// What kind of task changed.
    public enum Kind: String, Sendable, Hashable {
        /// A container task (a process) or an importer.
        case task
        /// A group: a condition, an exit-handler group or a nested pipeline.
        case group
        /// A ParallelFor task (its iterations are groups named `<name>[i]`).
        case loop
    }

    /// The instance's path (`train`, `for-loop-2[3]/add`).
    public var name: String
    /// The state it moved to.
    public var state: TaskState
    /// What kind of task it is.
    public var kind: Kind
    /// Why it ended as it did (an error, a skip reason), when there is something to say.
    public var detail: String?
    /// The exit status of its last attempt, when a process ran.
    public var exitCode: Int32?
    /// Attempts made so far.
    public var attempts: Int
    /// When it began to run: its process launched (while it runs: when its worker took it), or its cache lookup,
    /// import or group began. Nil for a task that never ran.
    public var started: Date?
    /// When it reached its end.
    public var finished: Date?
    /// The log file of each attempt, in order (the last one is the one that counts).
    public var logs: [String]
    /// The command line of its last attempt, when it started a process.
    public var command: [String]?

    /// An update; see the properties.
    public init(name: String, state: TaskState, kind: Kind, detail: String? = nil, exitCode: Int32? = nil, attempts: Int = 0,
                started: Date? = nil, finished: Date? = nil, logs: [String] = [], command: [String]? = nil) {
        self.name = name
        self.state = state
        self.kind = kind
        self.detail = detail
        self.exitCode = exitCode
        self.attempts = attempts
        self.started = started
        self.finished = finished
        self.logs = logs
        self.command = command
    }
}

extension RunEventSink {
    /// Loop progress is ignored unless a sink asks for it.
    public func loopProgressed(name: String, finished: Int, total: Int) {}
}

extension TaskUpdate {
    /// The update for a slot as it is now.
    init(_ slot: TaskSlot) {
        let kind: Kind = slot.spec.iterator != nil ? .loop : (slot.component?.dag != nil ? .group : .task)
        self.init(name: slot.name, state: slot.state, kind: kind, detail: slot.error, exitCode: slot.exitCode,
                  attempts: slot.attempts, started: slot.started, finished: slot.finished, logs: slot.logs,
                  command: slot.command)
    }
}
