import Basics
@testable import Engine

/// Drives a `RunStateMachine` as the `Scheduler` does, with no process, no queue and no clock: each `start`
/// is answered by what the test says the task is (`kinds`), launched tasks stay running until the test finishes
/// them (`end`), and every decision is logged as text ("launch 0:a", "finish 0:b NOT_RUN ...").
struct MachineHarness {
    typealias Ref = RunStateMachine.TaskRef
    typealias Shape = RunStateMachine.TaskShape

    /// What a task turns out to be when it starts (a container unless said otherwise).
    enum Kind {
        case container
        /// A group: its own DAG instance with these tasks.
        case group([Shape])
        /// A loop: `count` items, `limit` its parallelism; each iteration has `iteration`'s tasks.
        case loop(count: Int, limit: Int, iteration: [Shape])
        /// Ends at once as it starts (a failed input resolution, a false condition).
        case endsAtStart(TaskState)
    }

    var machine: RunStateMachine
    var kinds: [String: Kind] = [:]
    private(set) var log: [String] = []
    /// The tasks handed to a worker and not yet ended, in launch order.
    private(set) var launched: [Ref] = []
    private var iterationShapes: [Ref: [Shape]] = [:]

    init(maxParallel: Int = 4, keepGoing: Bool = false, kinds: [String: Kind] = [:]) {
        machine = RunStateMachine(maxParallel: maxParallel, keepGoing: keepGoing)
        self.kinds = kinds
    }

    /// A task `key` waiting for `dependencies`.
    static func task(_ key: String, after dependencies: String..., anyState: Bool = false, notSelected: String? = nil) -> Shape {
        Shape(key: key, dependencies: dependencies.sorted(), runsAfterAnyUpstreamState: anyState, notSelected: notSelected)
    }

    static func ref(_ key: String, _ instance: Int = 0) -> Ref { Ref(instance: instance, key: key) }

    /// Starts the root DAG instance.
    mutating func run(_ tasks: [Shape]) {
        _ = machine.addInstance(tasks, owner: nil)
        drive()
    }

    mutating func send(_ event: RunStateMachine.Event) {
        machine.handle(event)
        drive()
    }

    /// A launched task ends.
    mutating func end(_ key: String, _ instance: Int = 0, _ state: TaskState, reason: String? = nil) {
        send(.finished(Self.ref(key, instance), state, reason: reason))
    }

    /// The log since the last call.
    mutating func take() -> [String] {
        defer { log.removeAll() }
        return log
    }

    private mutating func drive() {
        while let decision = machine.next() {
            log.append(Self.text(decision))
            apply(decision)
            precondition(machine.running == launchedPhases, "the running count is the number of launched slots")
        }
    }

    private var launchedPhases: Int {
        machine.instances.reduce(0) { $0 + $1.slots.values.filter { $0.phase == .launched }.count }
    }

    private mutating func apply(_ decision: RunStateMachine.Decision) {
        switch decision {
        case .start(let ref):
            switch kinds[ref.key] ?? .container {
            case .container: machine.handle(.queued(ref))
            case .group(let tasks): _ = machine.addInstance(tasks, owner: ref)
            case .loop(let count, let limit, let iteration):
                iterationShapes[ref] = iteration
                machine.handle(.loopItemsResolved(ref, count: count, limit: limit))
            case .endsAtStart(let state): machine.handle(.finished(ref, state, reason: "at start"))
            }
        case .launch(let ref): launched.append(ref)
        case .finish(let ref, _, _): launched.removeAll { $0 == ref }
        case .expandLoop(let ref, _): _ = machine.addInstance(iterationShapes[ref] ?? [], owner: ref)
        case .loopProgressed, .done: break
        }
    }

    static func text(_ decision: RunStateMachine.Decision) -> String {
        switch decision {
        case .start(let ref): "start \(ref)"
        case .launch(let ref): "launch \(ref)"
        case .finish(let ref, let state, let reason): "finish \(ref) \(state.rawValue)" + (reason.map { " (\($0))" } ?? "")
        case .expandLoop(let ref, let iteration): "expand \(ref)[\(iteration)]"
        case .loopProgressed(let ref, let finished, let total): "progress \(ref) \(finished)/\(total)"
        case .done: "done"
        }
    }
}
