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
            if case .artifact = iterator {
                context.warnOnce("\(slot.name) loops over artifacts (artifactIterator): Tarmac runs it, the KFP backend rejects it",
                                 key: "artifactIterator")
            }
            do {
                let items = try LoopItems.items(of: iterator, inputs: inputs)
                let loop = LoopProgress(items: items, iterator: iterator, inputs: inputs)
                slot.result = .loop(loop)
                context.recorder.loopProgressed(slot, loop)
                startIterations(of: slot, loop: loop, in: dag)
            } catch {
                finish(slot, in: dag, state: .failed, error: error.message)
            }
            return
        }
        let child = DagInstance(address: slot.name, component: component, parameters: inputs.parameters,
                                artifacts: inputs.artifacts, spec: context.spec, inheritedRetry: slot.spec.retryPolicy)
        child.owner = slot
        child.parent = dag
        slot.result = .dag(child)
        startDag(child)
    }

    /// Starts iterations up to the loop's parallelism limit; stops starting new ones after a failure.
    func startIterations(of slot: TaskSlot, loop: LoopProgress, in dag: DagInstance) {
        guard let component = slot.component, !slot.state.isFinal else { return }
        while GroupEnding.loopMayStart(started: loop.instances.count, items: loop.items.count, active: loop.active,
                                       limit: slot.spec.parallelismLimit, failed: loop.failed, keepGoing: context.options.placement.keepGoing,
                                       canceled: canceled) {
            let index = loop.instances.count
            let (parameters, artifacts) = LoopItems.iterationInputs(loop.iterator, item: loop.items[index], inputs: loop.inputs)
            let child = DagInstance(address: "\(slot.name)[\(index)]", component: component, parameters: parameters,
                                    artifacts: artifacts, spec: context.spec, inheritedRetry: slot.spec.retryPolicy)
            child.owner = slot
            child.parent = dag
            loop.instances.append(child)
            loop.active += 1
            startDag(child)
        }
        if let ending = GroupEnding.ofLoop(active: loop.active, failed: loop.failed, canceled: canceled) {
            finish(slot, in: dag, state: ending.state, error: ending.reason)
        }
    }

    func iterationFinished(_ iteration: DagInstance, of slot: TaskSlot, loop: LoopProgress, in dag: DagInstance) {
        loop.active -= 1
        if iteration.failed { loop.failed = true }
        context.recorder.loopProgressed(slot, loop)
        startIterations(of: slot, loop: loop, in: dag)
    }
}
