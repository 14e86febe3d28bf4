import Basics
import Dispatch
import Foundation
import PipelineIR
import Planner

/// Drives one run: a thin driver of a `RunStateMachine` on one serial queue (`queue`). It tells the machine
/// what happened (`send`), asks it what to do next and applies each answer (`apply`): it resolves inputs and
/// conditions, records, runs importers and volume tasks, places GPUs, prefetches directories and starts
/// workers, which run processes on their own threads and post their outcome back. The machine holds the
/// scheduling state (ready, queued, launched, final; fail-fast; loops; cancel); the slots and instances here hold
/// what the tasks produced and what the run reports.
final class Scheduler: @unchecked Sendable {  // every mutable field is touched only on `queue`
    typealias TaskRef = RunStateMachine.TaskRef

    let context: RunContext
    let queue = DispatchQueue(label: "tarmac.scheduler")
    private(set) var machine: RunStateMachine
    /// The DAG instances, by their number in the machine.
    private(set) var instances: [DagInstance] = []
    /// Whether `drive` is applying answers (an event sent meanwhile is answered by that loop).
    private var driving = false
    private let finishedRun = DispatchSemaphore(value: 0)
    /// While a worker records its task's outcome on the queue: the tasks that outcome launched (see `runOnWorker`).
    var handOff: [PlacedTask]?
    /// Task directories made ahead of their tasks.
    let directories = DirectoryPrefetch()
    /// GPUs for accelerator limits of container tasks.
    lazy var gpuPool = GPUPool(total: context.options.placement.containers.gpuCount ?? GPUPool.detectedGPUs())

    init(context: RunContext) {
        self.context = context
        machine = RunStateMachine(maxParallel: context.options.placement.maxParallel, keepGoing: context.options.placement.keepGoing)
    }

    var root: DagInstance { instances[0] }
    var canceled: Bool { machine.canceled }
    func failed(_ dag: DagInstance) -> Bool { machine.failed(instance: dag.id) }

    /// Runs the pipeline to its end and returns the root DAG instance (blocks the calling thread).
    func run(parameters: [String: JSONValue], artifacts: [String: [RuntimeArtifact]]) -> DagInstance {
        queue.async {
            self.add(DagInstance(address: "", component: self.context.spec.root, parameters: parameters,
                                 artifacts: artifacts, spec: self.context.spec), owner: nil)
            self.drive()
        }
        finishedRun.wait()
        directories.removeUnused()
        context.environments.finish()
        return queue.sync { root }
    }

    /// Stops scheduling, ends running processes and marks what is left CANCELED.
    func cancel() {
        queue.async { self.send(.canceled) }
        context.runner.cancelAll(grace: 5)
    }

    /// Tells the machine what happened and applies its answers.
    func send(_ event: RunStateMachine.Event) {
        machine.handle(event)
        drive()
    }

    /// Applies the machine's answers until it has none. Re-entered from an answer being applied, it returns at
    /// once: the loop already running answers the new event's consequences next (the machine's agenda is a stack).
    func drive() {
        guard !driving else { return }
        driving = true
        defer { driving = false }
        while let decision = machine.next() { apply(decision) }
    }

    private func apply(_ decision: RunStateMachine.Decision) {
        switch decision {
        case .start(let ref): start(slot(ref), in: instances[ref.instance])
        case .launch(let ref): launch(slot(ref), in: instances[ref.instance])
        case .finish(let ref, let state, let reason): record(slot(ref), state: state, error: reason)
        case .expandLoop(let ref, let iteration): expandLoop(slot(ref), iteration: iteration, in: instances[ref.instance])
        case .loopProgressed(let ref, let finished, let total): context.recorder.loopProgressed(slot(ref), finished: finished, total: total)
        case .done: finishedRun.signal()
        }
    }

    /// Registers a DAG instance with the machine, which starts the tasks that wait for nothing.
    func add(_ dag: DagInstance, owner: TaskRef?) {
        let tasks = dag.slots.values.map { slot in
            RunStateMachine.TaskShape(key: slot.key, dependencies: slot.dependencies,
                                      runsAfterAnyUpstreamState: slot.spec.runsAfterAnyUpstreamState, notSelected: notSelected(slot))
        }
        dag.id = machine.addInstance(tasks, owner: owner)
        instances.append(dag)
    }

    /// Why a partial run (`--only/--from/--until`) leaves the slot out; sets its role.
    private func notSelected(_ slot: TaskSlot) -> String? {
        guard !canceled, let selection = context.options.placement.selection else { return nil }
        slot.role = selection.role(of: TaskSelection.keyPath(ofInstance: slot.name))
        return slot.role == .skip ? "not selected by \(context.name(selection.mode.option)) \(selection.path.joined(separator: "/"))" : nil
    }

    func ref(_ slot: TaskSlot, in dag: DagInstance) -> TaskRef { TaskRef(instance: dag.id, key: slot.key) }

    private func slot(_ ref: TaskRef) -> TaskSlot { instances[ref.instance].slots[ref.key]! }

    /// Tells the machine that a slot ended; it records it (`record`) and moves its dependents and its DAG on.
    func finish(_ slot: TaskSlot, in dag: DagInstance, state: TaskState, error: String?) {
        send(.finished(ref(slot, in: dag), state, reason: error))
    }

    /// A slot the machine counts final: its state, error and end time, recorded.
    private func record(_ slot: TaskSlot, state: TaskState, error: String?) {
        slot.state = state
        slot.error = error ?? slot.error
        slot.finished = Date()
        context.recorder.taskFinished(slot)
    }

    /// Queues a container task; the machine launches it when fewer than `maxParallel` tasks run.
    func enqueueLaunch(_ slot: TaskSlot, in dag: DagInstance) {
        send(.queued(ref(slot, in: dag)))
    }
}
