import Basics
import Dispatch
import Foundation
import PipelineIR
import Planner

/// Drives one run. All scheduling state lives on `queue` (one serial queue); workers run processes
/// on their own threads (``startWorker``) and post their outcome back. What happens to a slot is decided by
/// `SlotDecision` and `GroupEnding` (pure); the scheduler gathers their facts and applies the answers.
/// Parallelism is counted here, never enforced by blocking: the running tasks are the launched slots not yet final.
final class Scheduler: @unchecked Sendable {  // every mutable field is touched only on `queue`
    let context: RunContext
    let queue = DispatchQueue(label: "tarmac.scheduler")
    /// The container tasks handed towards a worker (waiting for GPUs, executing) and not yet final.
    private var launched = Set<ObjectIdentifier>()
    private var running: Int { launched.count }
    private var launches: [(slot: TaskSlot, dag: DagInstance)] = []
    /// Index of the next launch to start (popping the front of an array is O(n); wide DAGs queue thousands).
    private var nextLaunch = 0
    private let finishedRun = DispatchSemaphore(value: 0)
    private(set) var root: DagInstance!
    private(set) var canceled = false
    /// While a worker records its task's outcome on the queue: the tasks that outcome launched (see `runOnWorker`).
    var handOff: [PlacedTask]?
    /// Task directories made ahead of their tasks.
    let directories = DirectoryPrefetch()
    /// GPUs for accelerator limits of container tasks.
    lazy var gpuPool = GPUPool(total: context.options.placement.containers.gpuCount ?? GPUPool.detectedGPUs())

    init(context: RunContext) { self.context = context }

    /// Runs the pipeline to its end and returns the root DAG instance (blocks the calling thread).
    func run(parameters: [String: JSONValue], artifacts: [String: [RuntimeArtifact]]) -> DagInstance {
        queue.async {
            self.root = DagInstance(address: "", component: self.context.spec.root, parameters: parameters,
                                    artifacts: artifacts, spec: self.context.spec)
            self.startDag(self.root)
        }
        finishedRun.wait()
        directories.removeUnused()
        return root
    }

    /// Stops scheduling, ends running processes and marks what is left CANCELED.
    func cancel() {
        queue.async {
            guard !self.canceled else { return }
            self.canceled = true
            let waiting = self.launches[self.nextLaunch...]
            self.launches.removeAll()
            self.nextLaunch = 0
            for (slot, dag) in waiting { self.finish(slot, in: dag, state: .canceled, error: "canceled before it started") }
        }
        context.runner.cancelAll(grace: 5)
    }

    func startDag(_ dag: DagInstance) {
        if dag.remaining == 0 { finishDag(dag); return }
        for slot in dag.initiallyReady { consider(slot, in: dag) }
    }

    /// Decides what happens to a slot whose dependencies are all final (`SlotDecision.whenReady`).
    func consider(_ slot: TaskSlot, in dag: DagInstance) {
        var notSelected: String?
        if !canceled, let selection = context.options.placement.selection {
            slot.role = selection.role(of: TaskSelection.keyPath(ofInstance: slot.name))
            if slot.role == .skip { notSelected = "not selected by \(context.name(selection.mode.option)) \(selection.path.joined(separator: "/"))" }
        }
        let decision = SlotDecision.whenReady(dependencies: slot.dependencies.compactMap { key in dag.slots[key].map { (key, $0.state) } },
                                              runsAfterAnyUpstreamState: slot.spec.runsAfterAnyUpstreamState, dagFailed: dag.failed,
                                              keepGoing: context.options.placement.keepGoing, canceled: canceled, notSelected: notSelected)
        apply(decision, to: slot, in: dag)
    }

    /// Starts the slot or marks it final, as decided.
    func apply(_ decision: SlotDecision, to slot: TaskSlot, in dag: DagInstance) {
        switch decision {
        case .start: start(slot, in: dag)
        case .finish(let state, let reason): finish(slot, in: dag, state: state, error: reason)
        }
    }

    /// Marks a slot final, records it, and lets its dependents and its DAG move on; a launched slot frees its
    /// place for the next queued launch (last, so that what it made ready is queued first).
    func finish(_ slot: TaskSlot, in dag: DagInstance, state: TaskState, error: String?) {
        defer { if launched.remove(ObjectIdentifier(slot)) != nil { drainLaunches() } }
        guard !slot.state.isFinal else { return }
        slot.state = state
        slot.error = error ?? slot.error
        slot.finished = Date()
        context.recorder.taskFinished(slot)
        if state == .failed, !slot.spec.runsAfterAnyUpstreamState { dag.failed = true }
        dag.remaining -= 1
        for key in slot.dependents {
            guard let dependent = dag.slots[key] else { continue }
            dependent.unfinishedDependencies -= 1
            if dependent.unfinishedDependencies == 0 { consider(dependent, in: dag) }
        }
        if dag.remaining == 0 { finishDag(dag) }
    }

    /// A DAG instance with every task final: roll its state up to its owner (§6.2 rule 5).
    func finishDag(_ dag: DagInstance) {
        guard !dag.finished else { return }
        dag.finished = true
        guard let owner = dag.owner, let parent = dag.parent else {
            finishedRun.signal()
            return
        }
        if case .loop(let loop) = owner.result {
            iterationFinished(dag, of: owner, loop: loop, in: parent)
        } else {
            let ending = GroupEnding.ofDag(failed: dag.failed, canceled: canceled)
            finish(owner, in: parent, state: ending.state, error: ending.reason)
        }
    }

    /// Queues a container task; it starts when fewer than `maxParallel` tasks run.
    func enqueueLaunch(_ slot: TaskSlot, in dag: DagInstance) {
        launches.append((slot, dag))
        drainLaunches()
    }

    private func drainLaunches() {
        while running < context.options.placement.maxParallel, nextLaunch < launches.count {
            let (slot, dag) = launches[nextLaunch]
            nextLaunch += 1
            if nextLaunch == launches.count { launches.removeAll(keepingCapacity: true); nextLaunch = 0 }
            let decision = SlotDecision.atLaunch(runsAfterAnyUpstreamState: slot.spec.runsAfterAnyUpstreamState,
                                                 dagFailed: dag.failed, keepGoing: context.options.placement.keepGoing)
            guard decision == .start else { apply(decision, to: slot, in: dag); continue }
            launched.insert(ObjectIdentifier(slot))
            launch(slot, in: dag)
        }
    }
}
