import Basics
import Foundation
import PipelineIR
import Planner

extension Scheduler {
    /// Hands a container task to a worker; its outcome comes back to the scheduler queue.
    func launch(_ slot: TaskSlot, in dag: DagInstance) {
        guard let component = slot.component, case .container(let container)? = context.spec.executor(of: component) else {
            finish(slot, in: dag, state: .failed, error: "not a container task (internal error, please report it)")
            workerFinished()
            return
        }
        let resolved = ResolvedInputs(parameters: slot.inputs, artifacts: slot.inputArtifacts)
        var request = ContainerRequest(name: slot.name, component: component, container: container,
                                       inputs: TaskInputs(parameters: resolved.parameters, artifacts: resolved.artifacts),
                                       taskDirectory: context.taskDirectory(for: slot), job: context.job(for: slot),
                                       retryPolicy: slot.spec.retryPolicy, task: slot.spec,
                                       kubernetes: context.spec.kubernetesConfig(of: component))
        request.role = slot.role
        request.onExecute = { [self] in
            queue.async {
                guard !slot.state.isFinal else { return }
                slot.state = .running
                self.context.recorder.taskStarted(slot)
            }
        }
        do {
            try placeContainer(&request, slot: slot, in: dag)
        } catch {
            finish(slot, in: dag, state: .failed, error: error.message)
            workerFinished()
            return
        }
        context.recorder.artifactsConsumed(resolved.artifacts, by: slot)
        withGPUs(for: request, slot: slot, in: dag) { placed in
            let context = self.context
            self.workers.async {
                let outcome = ContainerExecutor(context: context).execute(placed)
                self.queue.async {
                    self.gpuPool.release(placed.gpus)
                    self.containerFinished(slot, in: dag, outcome: outcome)
                }
            }
        }
    }

    private func containerFinished(_ slot: TaskSlot, in dag: DagInstance, outcome: ContainerOutcome) {
        slot.attempts = outcome.attempts
        slot.exitCode = outcome.exitCode
        slot.logs = outcome.logs
        slot.command = outcome.command
        slot.cache = outcome.cache
        if outcome.succeeded {
            slot.result = .leaf(parameters: outcome.parameters, artifacts: outcome.artifacts)
            if !outcome.reused { context.recorder.artifactsProduced(outcome.artifacts, by: slot) }
        }
        let state: TaskState = outcome.cached ? .cached : outcome.succeeded ? .succeeded : (outcome.canceled ? .canceled : .failed)
        finish(slot, in: dag, state: state, error: outcome.error)
        workerFinished()
    }
}
