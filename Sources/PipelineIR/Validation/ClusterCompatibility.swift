import Basics

/// Finds what a pipeline uses that Tarmac runs but the KFP backend would not (ir-semantics §7), each
/// with its location, for `tarmac validate --cluster-compat`. These are warnings, not errors.
public enum ClusterCompatibility {
    /// Every divergence found, in document order.
    public static func warnings(_ spec: PipelineSpec, file: String?) -> [IRError] {
        var found: [IRError] = []
        func warn(_ message: String, _ path: IRPath) { found.append(IRError(message, file: file, path: path)) }
        for label in spec.executors.keys.sorted() {
            let base = IRPath("deploymentSpec").field("executors").key(label)
            switch spec.executors[label]! {
            case .container(let container):
                for (field, list) in [("command", container.command), ("args", container.args)] {
                    for (i, arg) in list.enumerated() {
                        guard let template = try? ArgumentTemplate.parse(arg) else { continue }
                        for construct in template.clusterUnsupportedConstructs {
                            warn("\(construct) is left unresolved by the KFP backend (Tarmac resolves it)", base.field("container").field(field).index(i))
                        }
                    }
                }
            case .importer(let importer):
                if let metadata = importer.metadata, metadata.canonicalJSON.contains("{{$.inputs.parameters") {
                    warn("importer metadata placeholders stay literal on the KFP backend (Tarmac resolves them)", base.field("importer").field("metadata"))
                }
            default:
                break
            }
        }
        walk(spec.root, at: IRPath("root"), spec: spec, warn: warn)
        for name in spec.components.keys.sorted() {
            walk(spec.components[name]!, at: IRPath("components").key(name), spec: spec, warn: warn)
        }
        return found
    }

    private static func walk(_ component: ComponentSpec, at path: IRPath, spec: PipelineSpec, warn: (String, IRPath) -> Void) {
        guard let dag = component.dag else { return }
        for key in dag.taskKeys {
            let task = dag.tasks[key]!
            let taskPath = path.field("dag").field("tasks").key(key)
            if case .artifact? = task.iterator {
                warn("the KFP backend rejects artifactIterator loops (\"artifact iterator not implemented yet\"); Tarmac runs them",
                     taskPath.field("artifactIterator"))
            }
            if task.retryPolicy != nil, spec.component(of: task)?.dag != nil {
                warn("retryPolicy on a nested pipeline task is ignored by the KFP backend (and by Tarmac)", taskPath.field("retryPolicy"))
            }
            if let component = spec.component(of: task), case .importer? = spec.executor(of: component) {
                for (name, binding) in task.inputs.parameters.sorted(by: { $0.key < $1.key }) {
                    if case .taskOutputParameter = binding.source {
                        warn("an importer URI from an upstream task output fails on the KFP backend; Tarmac supports it",
                             taskPath.field("inputs").field("parameters").key(name))
                    }
                }
            }
            for (name, binding) in task.inputs.parameters.sorted(by: { $0.key < $1.key }) {
                guard case .runtimeValue(.string(let text)) = binding.source, text.contains("{{$.pipeline_") else { continue }
                let exact = text.hasPrefix("{{$.") && text.hasSuffix("}}") && !text.dropFirst(4).contains("{{")
                if !exact {
                    warn("a job placeholder inside a longer string stays literal on the KFP backend (Tarmac resolves it)",
                         taskPath.field("inputs").field("parameters").key(name).field("runtimeValue").field("constant"))
                }
            }
        }
    }
}
