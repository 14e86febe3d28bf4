import Basics

/// The parts of a pipeline that make up most of a large one, decoded ahead.
struct DecodedParts {
    var rootTasks: [String: PipelineTaskSpec] = [:]
    var components: [String: ComponentSpec] = [:]
    var executors: [String: ExecutorSpec] = [:]
}

extension PipelineSpec {
    /// The decoded spec of a large pipeline, its root DAG's tasks, components and executors decoded in slices on
    /// all cores, each slice with diagnostics of its own. Nil when the pipeline is small or has any problem: the
    /// serial decode then reports every problem, in document order.
    static func decodeConcurrently(_ document: JSONValue, file: String?) -> PipelineSpec? {
        let diagnostics = IRDiagnostics(file: file)
        let reader = IRReader(value: document, path: .root, diagnostics: diagnostics)
        guard case .object(let top) = document, case .object(let components)? = top["components"],
              components.count >= 64, let dag = reader.field("root")?.field("dag") else { return nil }
        enum Kind { case task, component, executor }
        let entries = dag.map("tasks").map { (Kind.task, $0.key, $0.reader) }
            + reader.map("components").map { (Kind.component, $0.key, $0.reader) }
            + (reader.field("deploymentSpec")?.map("executors") ?? []).map { (Kind.executor, $0.key, $0.reader) }
        guard diagnostics.errors.isEmpty else { return nil }
        let slices = entries.slices(16)
        let decoded = Concurrently.map(slices.count) { i -> DecodedParts? in
            let own = IRDiagnostics(file: file)
            var parts = DecodedParts()
            for (kind, key, shared) in slices[i] {
                let child = IRReader(value: shared.value, path: shared.path, diagnostics: own)
                switch kind {
                case .task: parts.rootTasks[key] = PipelineTaskSpec.decode(child, key: key)
                case .component: parts.components[key] = ComponentSpec.decode(child)
                case .executor: parts.executors[key] = ExecutorSpec.decode(child)
                }
            }
            return own.errors.isEmpty ? parts : nil
        }
        var parts = DecodedParts()
        for slice in decoded {
            guard let slice else { return nil }
            parts.rootTasks.merge(slice.rootTasks) { first, _ in first }
            parts.components.merge(slice.components) { first, _ in first }
            parts.executors.merge(slice.executors) { first, _ in first }
        }
        guard let spec = decodeSpec(reader, decoded: parts), diagnostics.errors.isEmpty else { return nil }
        return spec
    }
}
