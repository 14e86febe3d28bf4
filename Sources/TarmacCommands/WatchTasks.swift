import Basics
import ClusterAPI
import Engine
import Foundation

/// The tasks of a remote run as a local run shows them: one `TaskUpdate` per state change of a task the user
/// wrote (the KFP backend's `*-driver` pods and the root DAG are left out), states mapped to Tarmac's.
struct RemoteTasks {
    /// The last state shown of each task, in the order first seen.
    private(set) var all: [TaskUpdate] = []
    private var index: [String: Int] = [:]

    /// The updates `run` brings since the previous call.
    mutating func apply(_ run: Run) -> [TaskUpdate] {
        var changes: [TaskUpdate] = []
        for detail in run.runDetails?.taskDetails ?? [] where Self.isShown(detail, run: run) {
            guard let name = detail.displayName, let state = Self.state(detail.state) else { continue }
            let update = TaskUpdate(name: name, state: state, kind: state == .failed ? .group : .task,
                                    detail: detail.error?.message,
                                    started: state == .pending || state == .skipped ? nil : Self.date(detail.startTime),
                                    finished: Self.date(detail.endTime))
            if let at = index[name] {
                guard all[at].state != state else { continue }
                all[at] = update
            } else {
                index[name] = all.count
                all.append(update)
            }
            changes.append(update)
        }
        return changes
    }

    /// Tarmac's state for a KFP `RuntimeState`; nil for one that says nothing yet (unspecified).
    /// CANCELING shows as RUNNING until it is CANCELED, PAUSED as PENDING.
    static func state(_ remote: RuntimeState?) -> TaskState? {
        switch remote {
        case .pending?, .paused?: return .pending
        case .running?, .canceling?: return .running
        case .succeeded?: return .succeeded
        case .skipped?: return .skipped
        case .failed?: return .failed
        case .canceled?: return .canceled
        case .unspecified?, nil: return nil
        }
    }

    /// Tarmac's run state for a remote run's (its JUnit report): a run that has not ended is RUNNING, and a
    /// SKIPPED run (the backend's list has it; a run does not end so in practice) reads as CANCELED: it did not run.
    static func runState(_ remote: RuntimeState?) -> RunState {
        switch remote {
        case .succeeded?: return .succeeded
        case .failed?: return .failed
        case .canceled?, .skipped?: return .canceled
        case .pending?, .paused?, .running?, .canceling?, .unspecified?, nil: return .running
        }
    }

    /// Whether a task detail is one of the pipeline's tasks: not a driver, not the root DAG.
    static func isShown(_ detail: TaskDetail, run: Run) -> Bool {
        guard let name = detail.displayName, !name.isEmpty else { return false }
        return !name.hasSuffix("-driver") && name != "root" && name != run.displayName && name != run.runID
    }

    /// An RFC 3339 time, with or without fractional seconds.
    static func date(_ text: String?) -> Date? {
        guard let text, !text.hasPrefix("1970-01-01") else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
