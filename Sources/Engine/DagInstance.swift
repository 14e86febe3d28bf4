import Basics
import Foundation
import PipelineIR
import Planner

/// What a finished task exposes to its siblings.
enum TaskResult {
    case none
    /// A container or importer: output parameters and artifacts.
    case leaf(parameters: [String: JSONValue], artifacts: [String: [RuntimeArtifact]])
    /// A DAG task (condition, exit-handler group, nested pipeline): its instance.
    case dag(DagInstance)
    /// A loop: one instance per started iteration, in index order.
    case loop(LoopProgress)
}

/// One task of one DAG instance. Mutated only on the scheduler queue.
final class TaskSlot: @unchecked Sendable {  // mutated only on the scheduler queue
    let key: String
    let spec: PipelineTaskSpec
    let component: ComponentSpec?
    /// The instance address, e.g. `train` or `for-loop-2[3]/add`.
    let name: String
    var state: TaskState = .pending
    var result: TaskResult = .none
    /// Keys of the tasks it waits for, in key order.
    var dependencies: [String] = []
    /// When it became ready (its dependencies done); nil until then.
    var queued: Date?
    /// When it began to run: its first process launched, or its cache lookup, import or group began. Nil if it never ran.
    var started: Date?
    var finished: Date?
    /// Each process attempt's times (container tasks that launched one).
    var attemptTimes: [AttemptTime] = []
    var exitCode: Int32?
    var attempts = 0
    var error: String?
    var inputs: [String: JSONValue] = [:]
    var inputArtifacts: [String: [RuntimeArtifact]] = [:]
    var logs: [String] = []
    /// The last attempt's command line (container tasks that started a process).
    var command: [String]?
    /// What the execution cache did (container tasks).
    var cache: CacheOutcome?
    /// Its part in a partial run (`--only/--from/--until`).
    var role: TaskSelection.Role = .run

    init(key: String, spec: PipelineTaskSpec, component: ComponentSpec?, name: String) {
        self.key = key
        self.spec = spec
        self.component = component
        self.name = name
    }
}

/// The iterations of one loop task.
final class LoopProgress: @unchecked Sendable {  // mutated only on the scheduler queue
    let items: [JSONValue]
    let iterator: TaskIterator
    /// The loop task's resolved inputs, from which each iteration's inputs are made.
    let inputs: ResolvedInputs
    /// The iterations made so far, in index order (the machine counts the active ones).
    var instances: [DagInstance] = []

    init(items: [JSONValue], iterator: TaskIterator, inputs: ResolvedInputs) {
        self.items = items
        self.iterator = iterator
        self.inputs = inputs
    }
}

/// One running instance of a DAG: the root, a group, a nested pipeline or one loop iteration.
/// Mutated only on the scheduler queue.
final class DagInstance: @unchecked Sendable {  // mutated only on the scheduler queue
    let address: String
    let component: ComponentSpec
    let dag: DagSpec
    let parameters: [String: JSONValue]
    let artifacts: [String: [RuntimeArtifact]]
    /// The slot that owns this instance (nil for the root).
    weak var owner: TaskSlot?
    var slots: [String: TaskSlot] = [:]
    /// Its number in the scheduler's `RunStateMachine`, which holds its scheduling state (set by `Scheduler.add`).
    var id = -1

    /// `inheritedRetry` is the retry policy of the task that owns this instance: as the backend compiles it
    /// (`backend/src/v2/compiler/visitor.go`, `dfs`), every task inside without a policy of its own takes it.
    init(address: String, component: ComponentSpec, parameters: [String: JSONValue],
         artifacts: [String: [RuntimeArtifact]], spec: PipelineSpec, inheritedRetry: RetryPolicy? = nil) {
        self.address = address
        self.component = component
        self.dag = component.dag ?? DagSpec(tasks: [:])
        self.parameters = parameters
        self.artifacts = artifacts
        let graph = DependencyGraph(dag: dag)
        for (key, written) in dag.tasks {
            var task = written
            if task.retryPolicy == nil { task.retryPolicy = inheritedRetry }
            let slot = TaskSlot(key: key, spec: task, component: spec.component(of: task),
                                name: address.isEmpty ? key : address + "/" + key)
            slot.dependencies = (graph.dependencies[key] ?? []).sorted()
            slots[key] = slot
        }
    }

    /// For a loop iteration over a parameter, the loop's items input: the driver gives the iteration the loop's
    /// inputs minus this one, plus the item (`backend/src/v2/driver/resolve.go`, `resolveInputs`, iteration driver).
    var loopItemsInput: String? {
        if case .parameter(.inputParameter(let name), _)? = owner?.spec.iterator { return name }
        return nil
    }
}
