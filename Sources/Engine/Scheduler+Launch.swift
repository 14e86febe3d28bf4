import Basics
import Foundation
import PipelineIR
import Planner
import Runners

extension Scheduler {
    /// Hands a container task to a worker; its outcome comes back to the scheduler queue.
    func launch(_ slot: TaskSlot, in dag: DagInstance) {
        guard let component = slot.component, case .container(let container)? = context.spec.executor(of: component) else {
            finish(slot, in: dag, state: .failed, error: "not a container task (internal error, please report it)")
            return
        }
        let resolved = ResolvedInputs(parameters: slot.inputs, artifacts: slot.inputArtifacts)
        var request = TaskRequest(name: slot.name, component: component, container: container,
                                       inputs: TaskInputs(parameters: resolved.parameters, artifacts: resolved.artifacts),
                                       taskDirectory: context.taskDirectory(for: slot), job: context.job(for: slot),
                                       retryPolicy: slot.spec.retryPolicy, task: slot.spec,
                                       kubernetes: context.spec.kubernetesConfig(of: component))
        request.role = slot.role
        request.onExecute = { [self] in
            queue.sync {  // on the worker, and on this thread when the queue is idle
                guard !slot.state.isFinal else { return }
                slot.state = .running
                slot.started = Date()  // until its process launches (the outcome's first attempt says when)
                self.context.recorder.taskStarted(slot)
            }
        }
        do {
            try placeContainer(&request, slot: slot, in: dag)
        } catch {
            finish(slot, in: dag, state: .failed, error: error.message)
            return
        }
        context.recorder.artifactsConsumed(resolved.artifacts, by: slot)
        prepareDirectories(ofTasksWaitingFor: slot, in: dag)
        withGPUs(for: request, slot: slot, in: dag) { placed in
            self.handToWorker(PlacedTask(request: placed, slot: slot, dag: dag))
        }
    }

    /// Has the directories of the container tasks that wait only for `slot` made while it runs (`DirectoryPrefetch`),
    /// and their Python environments built (`EnvironmentPrefetch`). Only for tasks that will execute if they start:
    /// not in a dry run or a partial run (a task that reuses earlier outputs makes no directory). A task the cache
    /// may serve gets no directory (a hit without artifacts needs none, and a rerun served from the cache should not
    /// make and remove thousands), but its environment: a task served from the cache ran before, so its
    /// environment is there already unless it was removed, and checking costs one `stat`.
    private func prepareDirectories(ofTasksWaitingFor slot: TaskSlot, in dag: DagInstance) {
        guard context.runner.refusal == nil, context.options.placement.selection == nil else { return }
        let cacheReads = context.options.cache.mode.reads
        for key in machine[ref(slot, in: dag)]?.dependents ?? [] {
            guard machine[TaskRef(instance: dag.id, key: key)]?.unfinished == 1, let next = dag.slots[key], let component = next.component
            else { continue }
            prepareEnvironments(of: component, key: key, instance: next.name)
            guard case .container? = context.spec.executor(of: component),
                  !(cacheReads && next.spec.cachingOptions?.enableCache == true) else { continue }
            directories.prepare(context.taskDirectory(for: next))
        }
    }

    /// Has the environment of a Lightweight Python task that runs on the host built ahead; for a DAG (a condition,
    /// a loop, a sub-DAG), those of its first tasks (the ones with no dependencies inside it), a few levels down.
    private func prepareEnvironments(of component: ComponentSpec, key: String, instance: String, depth: Int = 0) {
        if let inner = component.dag {
            guard depth < 3 else { return }
            for (innerKey, task) in inner.tasks where task.dependentTasks.isEmpty {
                guard let innerComponent = context.spec.component(of: task) else { continue }
                prepareEnvironments(of: innerComponent, key: innerKey, instance: instance + "/" + innerKey, depth: depth + 1)
            }
            return
        }
        guard case .container(let container)? = context.spec.executor(of: component),
              context.options.placement.containers.runner(forTask: key, instance: instance) == .subprocess,
              let python = LightweightPythonCommand.parse(command: container.command, args: container.args) else { return }
        context.environments.prepare(python.installSteps)
    }

    /// Gives `task` to a worker: to the worker that is finishing a task on the queue right now (it runs it
    /// next, see ``runOnWorker(_:)``), else to a new one.
    private func handToWorker(_ task: PlacedTask) {
        if handOff != nil {
            handOff!.append(task)
        } else {
            startWorker(task)
        }
    }

    /// Starts a thread of its own for `task`: a worker blocks while its process runs, and Dispatch's pool adds
    /// threads for blocked work only about once a second beyond the core count, so `--max-parallel 16` on
    /// 2 cores would start its tasks one a second. Threads are bounded by `--max-parallel` (counted on `queue`).
    private func startWorker(_ task: PlacedTask) {
        let thread = Thread { self.runOnWorker(task) }
        thread.name = "tarmac.worker"
        thread.start()
    }

    /// On a worker: executes `task`, records its outcome on the scheduler queue, and goes on with a task that
    /// outcome made ready, if any. `queue.sync` runs on this thread when the queue is idle, so a chain of short
    /// tasks passes from one to the next without waking the scheduler's thread or another worker.
    private func runOnWorker(_ task: PlacedTask) {
        var next: PlacedTask? = task
        while let current = next {
            let outcome = TaskExecutor(context: context).execute(current.request)
            next = queue.sync {
                handOff = []
                gpuPool.release(current.request.gpus)
                containerFinished(current.slot, in: current.dag, outcome: outcome)
                let launched = handOff!
                handOff = nil
                launched.dropFirst().forEach(startWorker)
                return launched.first
            }
        }
    }

    private func containerFinished(_ slot: TaskSlot, in dag: DagInstance, outcome: TaskOutcome) {
        slot.attempts = outcome.attempts
        slot.exitCode = outcome.exitCode
        slot.logs = outcome.logs
        slot.command = outcome.command
        slot.cache = outcome.cache
        slot.attemptTimes = outcome.attemptTimes
        slot.started = outcome.attemptTimes.first?.started ?? outcome.lookupStarted ?? slot.started
        if outcome.ending.producedOutputs {
            slot.result = .leaf(parameters: outcome.parameters, artifacts: outcome.artifacts)
            if outcome.ending != .reused { context.recorder.artifactsProduced(outcome.artifacts, by: slot) }
        }
        finish(slot, in: dag, state: outcome.ending.state, error: outcome.ending.error)
    }
}

/// A container task ready to execute, with its slot and DAG (touched only on the scheduler queue).
struct PlacedTask: @unchecked Sendable {
    let request: TaskRequest
    let slot: TaskSlot
    let dag: DagInstance
}
