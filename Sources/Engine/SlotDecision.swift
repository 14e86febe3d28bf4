import Basics

/// What the scheduler does with one task slot, decided from facts alone (ir-semantics §6.2, §6.3): no I/O,
/// no clock, no queue. `Scheduler` gathers the facts, asks, and applies the answer (records, launches, GPUs).
enum SlotDecision: Equatable {
    /// Resolve its inputs, evaluate its condition and run it by kind.
    case start
    /// Mark it final without running it.
    case finish(TaskState, reason: String?)

    /// A slot whose dependencies are all final. `dependencies` are in key order; `notSelected` is the reason a
    /// partial run leaves it out (`--only/--from/--until`), nil when it takes part.
    static func whenReady(dependencies: [(key: String, state: TaskState)], runsAfterAnyUpstreamState: Bool, dagFailed: Bool,
                          keepGoing: Bool, canceled: Bool, notSelected: String?) -> SlotDecision {
        if canceled { return .finish(.canceled, reason: nil) }
        if let notSelected { return .finish(.skipped, reason: notSelected) }
        if runsAfterAnyUpstreamState {
            if !dependencies.isEmpty, dependencies.allSatisfy({ $0.state == .notRun || $0.state == .canceled }) {
                return .finish(.notRun, reason: "its dependencies never ran")
            }
            return .start
        }
        if let blocker = dependencies.first(where: { [.failed, .notRun, .canceled].contains($0.state) }) {
            return .finish(.notRun, reason: "not started: dependency '\(blocker.key)' did not succeed")
        }
        if dagFailed && !keepGoing { return failFast }
        if let skipped = dependencies.first(where: { $0.state == .skipped }) {
            return .finish(.skipped, reason: "dependency '\(skipped.key)' was skipped")
        }
        return .start
    }

    /// A queued container task reaching the front of the launch queue: fail-fast may have stopped it meanwhile.
    static func atLaunch(runsAfterAnyUpstreamState: Bool, dagFailed: Bool, keepGoing: Bool) -> SlotDecision {
        dagFailed && !runsAfterAnyUpstreamState && !keepGoing ? failFast : .start
    }

    static let failFast = SlotDecision.finish(.notRun, reason: "not started: another task of its DAG failed (fail-fast)")
}

/// How a group ends once every task of its instance (or every iteration of a loop) is final (§6.2 rule 5).
enum GroupEnding {
    /// A DAG instance rolled up into the slot that owns it.
    static func ofDag(failed: Bool, canceled: Bool) -> (state: TaskState, reason: String?) {
        (canceled ? .canceled : (failed ? .failed : .succeeded), failed ? "a task inside it failed" : nil)
    }

    /// A loop with no iteration active: nil while one is.
    static func ofLoop(active: Int, failed: Bool, canceled: Bool) -> (state: TaskState, reason: String?)? {
        guard active == 0 else { return nil }
        return (canceled ? .canceled : (failed ? .failed : .succeeded), failed ? "an iteration failed" : nil)
    }

    /// Whether a loop may start its next iteration: items left, under its `parallelism` limit (0: none), not
    /// stopped by a failed iteration (unless `--keep-going`) or a cancel.
    static func loopMayStart(started: Int, items: Int, active: Int, limit: Int, failed: Bool, keepGoing: Bool,
                             canceled: Bool) -> Bool {
        started < items && active < (limit > 0 ? limit : Int.max) && (!failed || keepGoing) && !canceled
    }
}
