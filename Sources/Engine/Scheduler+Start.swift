import Basics
import Foundation
import PipelineIR
import Planner

extension Scheduler {
    /// Resolves inputs, evaluates the condition, then runs the task by kind (§4.1: resolve, condition, run).
    func start(_ slot: TaskSlot, in dag: DagInstance) {
        slot.queued = Date()
        guard let component = slot.component else {
            finish(slot, in: dag, state: .failed, error: "unknown component '\(slot.spec.componentRef)'")
            return
        }
        let resolved: ResolvedInputs
        do {
            resolved = try InputResolver(dag: dag, slot: slot, context: context).resolve()
        } catch {
            finish(slot, in: dag, state: .failed, error: error.message)
            return
        }
        slot.inputs = resolved.parameters
        slot.inputArtifacts = resolved.artifacts
        if let condition = slot.spec.triggerPolicy?.condition {
            do {
                let expression = try CELParser.parse(condition)
                guard try CELEvaluator.evaluateCondition(expression, parameterValues: resolved.parameters) else {
                    finish(slot, in: dag, state: .skipped, error: nil)
                    return
                }
            } catch {
                finish(slot, in: dag, state: .failed, error: "cannot evaluate the condition \(condition): \(error)")
                return
            }
        }
        if component.dag != nil {
            startGroup(slot, component: component, inputs: resolved, in: dag)
        } else if case .importer(let importer)? = context.spec.executor(of: component) {
            runImporter(slot, importer: importer, component: component, inputs: resolved, in: dag)
        } else if case .container(let container)? = context.spec.executor(of: component), let kind = VolumeTask(container) {
            runVolumeTask(slot, kind, inputs: resolved, in: dag)
        } else if case .container? = context.spec.executor(of: component) {
            enqueueLaunch(slot, in: dag)  // PENDING until its worker starts executing it (a cache hit never is RUNNING)
        } else {
            finish(slot, in: dag, state: .failed, error: "component '\(slot.spec.componentRef)' has no executor Tarmac can run")
        }
    }

    /// A DAG task: one child instance, or one per loop item.
    private func startGroup(_ slot: TaskSlot, component: ComponentSpec, inputs: ResolvedInputs, in dag: DagInstance) {
        slot.state = .running
        slot.started = Date()
        context.recorder.taskStarted(slot)
        if let iterator = slot.spec.iterator {
            startLoop(slot, iterator: iterator, inputs: inputs, in: dag)
            return
        }
        let child = DagInstance(address: slot.name, component: component, parameters: inputs.parameters,
                                artifacts: inputs.artifacts, spec: context.spec, inheritedRetry: slot.spec.retryPolicy)
        child.owner = slot
        slot.result = .dag(child)
        add(child, owner: ref(slot, in: dag))
    }

    /// A loop task: its items; the machine then asks for its iterations (`expandLoop`) under its parallelism limit.
    private func startLoop(_ slot: TaskSlot, iterator: TaskIterator, inputs: ResolvedInputs, in dag: DagInstance) {
        if case .artifact = iterator {
            context.warnOnce("\(slot.name) loops over artifacts (artifactIterator): Tarmac runs it, the KFP backend rejects it",
                             key: "artifactIterator")
        }
        do {
            let items = try LoopItems.items(of: iterator, inputs: inputs)
            slot.result = .loop(LoopProgress(items: items, iterator: iterator, inputs: inputs))
            send(.loopItemsResolved(ref(slot, in: dag), count: items.count, limit: slot.spec.parallelismLimit))
        } catch {
            finish(slot, in: dag, state: .failed, error: error.message)
        }
    }

    /// Makes iteration `index` of a loop task and registers it with the machine.
    func expandLoop(_ slot: TaskSlot, iteration index: Int, in dag: DagInstance) {
        guard let component = slot.component, case .loop(let loop) = slot.result else {
            finish(slot, in: dag, state: .failed, error: "a loop without its items (internal error, please report it)")
            return
        }
        let (parameters, artifacts) = LoopItems.iterationInputs(loop.iterator, item: loop.items[index], inputs: loop.inputs)
        let child = DagInstance(address: "\(slot.name)[\(index)]", component: component, parameters: parameters,
                                artifacts: artifacts, spec: context.spec, inheritedRetry: slot.spec.retryPolicy,
                                templates: loop.templates)
        loop.templates = loop.templates ?? child.slots.values.map(\.template)  // the first iteration's, for the others
        child.owner = slot
        loop.instances.append(child)
        add(child, owner: ref(slot, in: dag))
    }
}
