import Basics
import Foundation
import PipelineIR

extension Scheduler {
    /// The kfp-kubernetes settings of a container task, names resolved against its DAG (§1.5: the
    /// `*NameParameter` fields read the parent DAG's inputs and upstream outputs, not the task's inputs).
    func platform(for slot: TaskSlot, in dag: DagInstance) throws -> TaskPlatform {
        guard let component = slot.component else { return TaskPlatform() }
        return try TaskPlatform(config: context.spec.kubernetesConfig(of: component)) { source in
            switch source {
            case .constant(let text): return text
            case .parameter(let binding): return try platformName(binding, slot: slot, dag: dag)
            }
        }
    }

    private func platformName(_ binding: InputParameterBinding, slot: TaskSlot, dag: DagInstance) throws -> String? {
        let value: JSONValue?
        switch binding.source {
        case .componentInputParameter(let parent): value = dag.parameters[parent]
        case .taskOutputParameter(let producer, let key): value = try dag.slots[producer].flatMap { try OutputLookup.parameter(of: $0, key: key) }
        case .runtimeValue(let constant): value = constant
        case .taskFinalStatus: value = nil
        }
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else { throw TaskFailure("a kfp-kubernetes name of \(slot.name) is not a string: \(value.canonicalJSON)") }
        return text
    }
}

extension Scheduler {
    /// Chooses the runner of a container task and resolves its kfp-kubernetes settings (on the queue).
    func placeContainer(_ request: inout TaskRequest, slot: TaskSlot, in dag: DagInstance) throws {
        request.runner = context.options.placement.containers.runner(forTask: slot.key, instance: slot.name)
        request.platform = try platform(for: slot, in: dag)
        if let path = request.job.workspacePath, Self.usesWorkspace(request, path: path) {
            request.workspaceVolume = context.jobResourceName + "-kfp-workspace"
        }
    }
}

extension Scheduler {
    /// Starts `request` (through `start`) once the GPUs of its accelerator limit are free; without a
    /// GPU limit, on the host, or on a machine without GPUs (warned once), at once. A task needing
    /// more GPUs than the machine has fails.
    func withGPUs(for request: TaskRequest, slot: TaskSlot, in dag: DagInstance,
                  start: @escaping (TaskRequest) -> Void) {
        let resources = request.container.resources
        guard request.runner != .subprocess, let type = resources?.acceleratorType, let countText = resources?.acceleratorCount,
              let count = (try? KubernetesQuantity.value(of: countText, parameters: slot.inputs)).flatMap({ $0 }).map({ Int($0) }),
              count > 0 else {
            return start(request)
        }
        guard type.lowercased().contains("gpu"), gpuPool.total > 0 else {
            context.warnOnce("accelerator limits ignored: \(gpuPool.total == 0 ? "this machine has no GPUs" : "only GPUs are supported") "
                             + "(\(type), first seen in \(slot.name))", key: "accelerators")
            return start(request)
        }
        guard count <= gpuPool.total else {
            finish(slot, in: dag, state: .failed, error: "needs \(count) GPUs (\(type)); this machine has \(gpuPool.total)")
            return
        }
        gpuPool.acquire(count) { gpus in
            var placed = request
            placed.gpus = gpus
            start(placed)
        }
    }
}

extension Scheduler {
    /// Whether a task reads the run's workspace, as the driver decides when it mounts the workspace volume and
    /// adds it to the cache fingerprint (backend/src/v2/driver/driver.go, `needsWorkspaceMount`): an input
    /// parameter naming it or an input artifact marked `_kfp_workspace`; here also the placeholder in its command.
    static func usesWorkspace(_ request: TaskRequest, path: String) -> Bool {
        let names = [path, RunContext.workspaceMountPath, "{{$.workspace_path}}"]
        for value in request.inputs.parameters.values {
            if let text = value.stringValue, names.contains(where: { text.contains($0) }) { return true }
        }
        for list in request.inputs.artifacts.values where list.first?.metadata["_kfp_workspace"] == .bool(true) { return true }
        return (request.container.command + request.container.args).contains { $0.contains("{{$.workspace_path}}") }
    }
}
