import Basics

/// The scheduling state of one run and the rules that move it, with no I/O, no clock and no queue
/// (ir-semantics §6.2, §6.3). The `Scheduler` tells it what happened (`handle(_:)`, `addInstance`) and asks it
/// what to do next (`next()`) until it has nothing to say; it applies each answer (resolves inputs, records,
/// starts workers). Answers are computed when asked, from the state at that moment, and the consequences of an
/// event are answered before anything that was pending (a stack), so the order is that of a recursive scheduler:
/// what a finished task makes ready starts before its siblings are considered.
///
/// Which tasks run is derived from the state: `running` counts the slots whose phase is `launched`.
struct RunStateMachine {
    /// A task of one DAG instance: the instance's number (`addInstance`) and the task's key in its DAG.
    struct TaskRef: Hashable, Sendable, CustomStringConvertible {
        let instance: Int
        let key: String
        var description: String { "\(instance):\(key)" }
    }

    /// What the machine knows of one task of a DAG instance.
    struct TaskShape: Sendable {
        let key: String
        /// Keys of the tasks it waits for, in key order.
        let dependencies: [String]
        /// `ALL_UPSTREAM_TASKS_COMPLETED` (exit handlers): it runs after any end state of its dependencies.
        var runsAfterAnyUpstreamState = false
        /// Why a partial run (`--only/--from/--until`) leaves it out; nil when it takes part.
        var notSelected: String?
    }

    /// What happened, as the scheduler reports it.
    enum Event: Sendable {
        /// A started container task waits for a place under `--max-parallel`.
        case queued(TaskRef)
        /// A started loop task resolved its items; `limit` is its `parallelism` (0: none).
        case loopItemsResolved(TaskRef, count: Int, limit: Int)
        /// A task ended (ran, failed to start, was skipped by its condition, was canceled while running).
        case finished(TaskRef, TaskState, reason: String?)
        /// The run is canceled: queued tasks end CANCELED, nothing new starts.
        case canceled
    }

    /// What the scheduler does next.
    enum Decision: Equatable, Sendable {
        /// Resolve its inputs, evaluate its condition and start it by kind (answer with an `Event` or `addInstance`).
        case start(TaskRef)
        /// Hand a queued container task to a worker: it holds a place under `--max-parallel` until it finishes.
        case launch(TaskRef)
        /// Record the task final (the machine already counts it so; `reason` nil keeps any error it has).
        case finish(TaskRef, TaskState, reason: String?)
        /// Make the loop's iteration `iteration` and `addInstance` it, owned by the loop task.
        case expandLoop(TaskRef, iteration: Int)
        /// Report the loop's progress: `finished` of `total` iterations.
        case loopProgressed(TaskRef, finished: Int, total: Int)
        /// The root DAG ended: the run is over.
        case done
    }

    let maxParallel: Int
    let keepGoing: Bool
    var instances: [Instance] = []
    private(set) var canceled = false
    /// Container tasks waiting for a place, oldest first from `nextLaunch` (popping an array's front is O(n)).
    var launches: [TaskRef] = []
    var nextLaunch = 0
    /// The slots whose phase is `launched`: kept by `move(_:to:)` alone.
    private(set) var launched = Set<TaskRef>()
    var agenda: [Step] = []

    init(maxParallel: Int, keepGoing: Bool) {
        self.maxParallel = max(1, maxParallel)
        self.keepGoing = keepGoing
    }

    /// The container tasks that hold a place: launched and not yet final.
    var running: Int { launched.count }

    subscript(ref: TaskRef) -> Slot? { instances[ref.instance].slots[ref.key] }

    func failed(instance: Int) -> Bool { instances[instance].failed }

    /// Adds a DAG instance (the root, a group's, a nested pipeline's or a loop iteration's) and starts its tasks
    /// that wait for nothing, in key order; returns its number.
    mutating func addInstance(_ tasks: [TaskShape], owner: TaskRef?) -> Int {
        let id = instances.count
        var slots: [String: Slot] = [:]
        for task in tasks { slots[task.key] = Slot(shape: task, unfinished: task.dependencies.count) }
        for task in tasks.sorted(by: { $0.key < $1.key }) {  // dependents in key order: the same order on every run
            for dependency in task.dependencies { slots[dependency]?.dependents.append(task.key) }
        }
        instances.append(Instance(owner: owner, slots: slots, remaining: slots.count))
        if tasks.isEmpty { agenda.append(.endInstance(id)) }
        let ready = tasks.filter(\.dependencies.isEmpty).map(\.key).sorted()
        push(ready.map { .consider(TaskRef(instance: id, key: $0)) })
        return id
    }

    mutating func handle(_ event: Event) {
        switch event {
        case .queued(let ref):
            move(ref, to: .queued)
            launches.append(ref)
            agenda.append(.drainLaunches)
        case .loopItemsResolved(let ref, let count, let limit):
            instances[ref.instance].slots[ref.key]?.loop = Loop(items: count, limit: limit)
            push([.emit(.loopProgressed(ref, finished: 0, total: count)), .advanceLoop(ref)])
        case .finished(let ref, let state, let reason):
            agenda.append(.finish(ref, state, reason: reason))
        case .canceled:
            guard !canceled else { return }
            canceled = true
            let waiting = launches[nextLaunch...]
            launches.removeAll()
            nextLaunch = 0
            push(waiting.map { .finish($0, .canceled, reason: "canceled before it started") })
        }
    }

    /// The next thing to do, or nil when nothing is pending (the scheduler waits for an event).
    mutating func next() -> Decision? {
        while let step = agenda.popLast() {
            if let decision = answer(step) { return decision }
        }
        return nil
    }

    /// Pushes `steps` so that they are answered in their order, before anything already pending.
    mutating func push(_ steps: [Step]) {
        agenda.append(contentsOf: steps.reversed())
    }

    /// Sets a slot's phase, keeping `launched` equal to the slots whose phase is `launched`.
    mutating func move(_ ref: TaskRef, to phase: Phase) {
        guard instances[ref.instance].slots[ref.key] != nil else { return }
        instances[ref.instance].slots[ref.key]!.phase = phase
        if phase == .launched { launched.insert(ref) } else { launched.remove(ref) }
    }
}
