import Basics

/// What the machine keeps of each DAG instance, task and loop (value types, mutated only by the machine).
extension RunStateMachine {
    /// Where a task is.
    enum Phase: Equatable, Sendable {
        case waiting, started, queued, launched
        case final(TaskState)
    }

    /// One task of one instance.
    struct Slot {
        let shape: TaskShape
        /// Keys of the tasks waiting for it, in key order.
        var dependents: [String] = []
        /// How many of its dependencies are not final yet.
        var unfinished: Int
        var phase = Phase.waiting
        /// Set once a loop task's items are known.
        var loop: Loop?
        /// Its final state; nil until it has one.
        var state: TaskState? { if case .final(let state) = phase { state } else { nil } }
    }

    /// A loop task's iterations.
    struct Loop {
        let items: Int
        let limit: Int
        var started = 0
        var active = 0
        var failed = false
    }

    struct Instance {
        /// The task that owns it (a group, a nested pipeline, a loop for an iteration); nil for the root.
        let owner: TaskRef?
        var slots: [String: Slot]
        var remaining: Int
        /// A normal task failed: fail-fast stops new tasks of this instance.
        var failed = false
        var finished = false
    }

    /// A piece of pending work; answered when popped.
    enum Step {
        case consider(TaskRef), drainLaunches, endInstance(Int), advanceLoop(TaskRef)
        case finish(TaskRef, TaskState, reason: String?)
        case emit(Decision)
    }
}
