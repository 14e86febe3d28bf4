import Basics
import Foundation
import Planner

/// How a container task's execution ended, after every attempt.
enum Ending: Sendable, Equatable {
    /// Its last attempt succeeded and its outputs were collected.
    case succeeded
    /// Served from the execution cache: nothing ran.
    case cached
    /// `--only` took its outputs from an earlier run (no new artifacts are recorded).
    case reused
    /// It failed: could not be prepared, its last attempt failed, or its outputs could not be collected.
    case failed(TaskFailure)
    /// The run was canceled while it ran.
    case canceled
    /// Its last attempt ran out of time (`activeDeadlineSeconds`, `--task-timeout`): FAILED, as on the cluster.
    case timedOut(TaskFailure)

    /// The error text of a canceled task.
    static let canceledText = "canceled"

    /// The task's end state.
    var state: TaskState {
        switch self {
        case .succeeded: .succeeded
        case .cached, .reused: .cached
        case .failed, .timedOut: .failed
        case .canceled: .canceled
        }
    }

    /// The error its record keeps; nil when it produced its outputs.
    var error: String? {
        switch self {
        case .succeeded, .cached, .reused: nil
        case .failed(let failure), .timedOut(let failure): failure.message
        case .canceled: Self.canceledText
        }
    }

    /// Its outputs exist (run, cached or reused).
    var producedOutputs: Bool { error == nil }

    /// Another attempt may follow (a failure, not a cancel).
    var mayRetry: Bool {
        switch self {
        case .failed, .timedOut: true
        case .succeeded, .cached, .reused, .canceled: false
        }
    }
}

/// How a container task ended, and what its execution left for the records.
struct TaskOutcome: Sendable {
    /// Set by every path of `TaskExecutor.execute`; the default is never returned.
    var ending = Ending.failed(TaskFailure("not executed (internal error, please report it)"))
    /// The last attempt's exit code, when its process exited.
    var exitCode: Int32?
    var attempts = 0
    var logs: [String] = []
    /// The last attempt's command line.
    var command: [String]?
    var parameters: [String: JSONValue] = [:]
    var artifacts: [String: [RuntimeArtifact]] = [:]
    /// What the cache did.
    var cache = CacheOutcome(status: .off)
    /// When the worker began with it (its cache lookup).
    var lookupStarted: Date?
    /// Each attempt's process times.
    var attemptTimes: [AttemptTime] = []
}
