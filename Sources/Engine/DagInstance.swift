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
    let template: TaskTemplate
    var key: String { template.key }
    var spec: PipelineTaskSpec { template.spec }
    var component: ComponentSpec? { template.component }
    /// Keys of the tasks it waits for, in key order.
    var dependencies: [String] { template.dependencies }
    /// The instance address, e.g. `train` or `for-loop-2[3]/add`.
    let name: String
    var state: TaskState = .pending
    var result: TaskResult = .none
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

    init(template: TaskTemplate, name: String) {
        self.template = template
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
    /// The templates every iteration's slots are made from: the first iteration's.
    var templates: [TaskTemplate]?

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

    /// Its slots are made from `templates` (by default, those of `component`'s DAG with `inheritedRetry`: see
    /// `TaskTemplate.of`).
    init(address: String, component: ComponentSpec, parameters: [String: JSONValue],
         artifacts: [String: [RuntimeArtifact]], spec: PipelineSpec, inheritedRetry: RetryPolicy? = nil,
         templates: [TaskTemplate]? = nil) {
        self.address = address
        self.component = component
        self.dag = component.dag ?? DagSpec(tasks: [:])
        self.parameters = parameters
        self.artifacts = artifacts
        let templates = templates ?? TaskTemplate.of(dag, spec: spec, inheritedRetry: inheritedRetry)
        slots.reserveCapacity(templates.count)
        for template in templates {
            slots[template.key] = TaskSlot(template: template, name: address.isEmpty ? template.key : address + "/" + template.key)
        }
    }

    /// For a loop iteration over a parameter, the loop's items input: the driver gives the iteration the loop's
    /// inputs minus this one, plus the item (`backend/src/v2/driver/resolve.go`, `resolveInputs`, iteration driver).
    var loopItemsInput: String? {
        if case .parameter(.inputParameter(let name), _)? = owner?.spec.iterator { return name }
        return nil
    }
}
