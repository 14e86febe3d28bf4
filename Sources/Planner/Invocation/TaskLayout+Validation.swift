import Basics
import PipelineIR

extension TaskLayout {
    /// The longest output name: one file name in the task directory (NAME_MAX bytes on Linux and macOS).
    public static let maxOutputNameBytes = 255

    /// Every output name of a task component (one with an executor) that `run` would refuse by
    /// ``checkOutputName(_:kind:)``, as validation errors at `components[name].outputDefinitions…`:
    /// `validate` and `run` apply the same rule.
    public static func outputNameProblems(in spec: PipelineSpec, file: String?) -> [IRError] {
        var problems: [IRError] = []
        for name in spec.components.keys.sorted() {
            let component = spec.components[name]!
            guard component.executorLabel != nil else { continue }
            let outputs = IRPath("components").key(name).field("outputDefinitions")
            let groups: [(field: String, kind: String, names: [String])] = [
                ("parameters", "output parameter", Array(component.outputDefinitions.parameters.keys)),
                ("artifacts", "output artifact", Array(component.outputDefinitions.artifacts.keys)),
            ]
            for group in groups {
                for output in group.names.sorted() {
                    do {
                        try checkOutputName(output, kind: group.kind)
                    } catch {
                        problems.append(IRError(error.message, file: file, path: outputs.field(group.field).key(output), hint: error.hint))
                    }
                }
            }
        }
        return problems
    }
}
