import Basics
import Foundation
import PipelineIR
import Planner

/// kfp-kubernetes `CreatePVC` / `DeletePVC`: executors with image `argostub/createpvc|deletepvc` and no command,
/// which the KFP driver carries out itself (backend/src/v2/driver/k8s.go, `createPVC`, `deletePVC`); no container runs.
enum VolumeTask: Sendable {
    case create, delete

    /// The kind of platform task `container` stands for, if it is one.
    init?(_ container: PipelineContainerSpec) {
        switch container.image {
        case "argostub/createpvc": self = .create
        case "argostub/deletepvc": self = .delete
        default: return nil
        }
    }
}

extension Scheduler {
    /// Creates or removes the claim's directory (`--volume NAME=DIR`, else `<store>/volumes/<name>`, where
    /// `pvcMount` looks); `CreatePVC` outputs `name`. `--keep-volumes` keeps what `DeletePVC` would remove.
    func runVolumeTask(_ slot: TaskSlot, _ kind: VolumeTask, inputs: ResolvedInputs, in dag: DagInstance) {
        slot.started = Date()
        slot.state = .running
        context.recorder.taskStarted(slot)
        do {
            switch kind {
            case .create:
                let name = try Self.claimName(inputs.parameters)
                guard inputs.parameters["size"] != nil else { throw TaskFailure("failed to create pvc: parameter volumeSize not provided") }
                try FileManager.default.createDirectory(atPath: volumeDirectory(name), withIntermediateDirectories: true)
                slot.result = .leaf(parameters: ["name": .string(name)], artifacts: [:])
            case .delete:
                guard let name = inputs.parameters["pvc_name"]?.stringValue, !name.isEmpty else {
                    throw TaskFailure("failed to delete pvc: parameter pvc_name not provided")
                }
                if context.options.output.keepVolumes {
                    context.warnOnce("\(slot.name): kept the volume '\(name)' at \(volumeDirectory(name)) (\(context.name(.keepVolumes)))")
                } else if context.options.placement.containers.volumes[name] != nil {
                    context.warnOnce("\(slot.name): the volume '\(name)' is your \(context.name(.volume)) directory; it is not removed")
                } else {
                    try? FileManager.default.removeItem(atPath: volumeDirectory(name))
                }
                slot.result = .leaf(parameters: [:], artifacts: [:])
            }
            finish(slot, in: dag, state: .succeeded, error: nil)
        } catch {
            finish(slot, in: dag, state: .failed, error: error.message)
        }
    }

    /// `pvc_name`, else a new UUID followed by `pvc_name_suffix`, else a new UUID; not both (the driver's rule).
    static func claimName(_ parameters: [String: JSONValue]) throws -> String {
        let name = parameters["pvc_name"]?.stringValue ?? "", suffix = parameters["pvc_name_suffix"]?.stringValue ?? ""
        if !name.isEmpty && !suffix.isEmpty {
            throw TaskFailure("failed to create pvc: at most one of pvc_name and pvc_name_suffix can be non-empty")
        }
        if !name.isEmpty {
            guard !name.contains("/"), name != ".", name != ".." else { throw TaskFailure("the PVC name '\(name)' is not a single path segment") }
            return name
        }
        let generated = UUID().uuidString.lowercased() + suffix
        guard !generated.contains("/") else { throw TaskFailure("the PVC name suffix '\(suffix)' contains '/'") }
        return generated
    }

    private func volumeDirectory(_ name: String) -> String {
        context.options.placement.containers.volumes[name]
            ?? (context.options.output.storeDirectory as NSString).appendingPathComponent("volumes/\(name)")
    }
}
