import Basics

/// Finds what a pipeline uses that Tarmac runs but the KFP backend of a given release would not run the same
/// way (ir-semantics §7), each with its location and what that backend does, for `tarmac validate
/// --cluster-compat [--cluster-version X.Y]`. These are warnings, not errors.
public enum ClusterCompatibility {
    /// Every divergence found for a backend of `version`, in document order.
    public static func warnings(_ spec: PipelineSpec, file: String?, version: ClusterVersion = .newestKnown) -> [IRError] {
        var found: [IRError] = []
        func warn(_ message: String, _ path: IRPath) { found.append(IRError(message, file: file, path: path)) }
        if spec.defaultPipelineRoot != nil {
            warn("the KFP backend never reads defaultPipelineRoot (every release up to \(ClusterVersion.newestKnown)): a run uses "
                 + "its own pipeline_root, else the kfp-launcher config map's defaultPipelineRoot, else minio://mlpipeline/v2/artifacts "
                 + "(backend/src/v2/driver/root_dag.go); Vertex AI honours it; Tarmac uses --pipeline-root", IRPath("defaultPipelineRoot"))
        }
        for label in spec.executors.keys.sorted() {
            let base = IRPath("deploymentSpec").field("executors").key(label)
            switch spec.executors[label]! {
            case .container(let container):
                for (field, list) in [("command", container.command), ("args", container.args)] {
                    for (i, arg) in list.enumerated() {
                        guard let template = try? ArgumentTemplate.parse(arg) else { continue }
                        var constructs = template.clusterUnsupportedConstructs
                        if template.containsIfPresent { constructs.insert("IfPresent", at: 0) }
                        for construct in constructs {
                            if let message = message(for: construct, argument: arg, version: version) {
                                warn(message, base.field("container").field(field).index(i))
                            }
                        }
                    }
                }
            case .importer(let importer):
                if let metadata = importer.metadata, metadata.canonicalJSON.contains("{{$.inputs.parameters") {
                    warn("importer metadata placeholders (keys and values) stay literal on the KFP backend (every release up to "
                         + "\(ClusterVersion.newestKnown)); Tarmac resolves them", base.field("importer").field("metadata"))
                }
            default:
                break
            }
        }
        walk(spec.root, at: IRPath("root"), spec: spec, version: version, warn: warn)
        for name in spec.components.keys.sorted() {
            walk(spec.components[name]!, at: IRPath("components").key(name), spec: spec, version: version, warn: warn)
        }
        return found
    }

    private static func walk(_ component: ComponentSpec, at path: IRPath, spec: PipelineSpec, version: ClusterVersion,
                             warn: (String, IRPath) -> Void) {
        guard let dag = component.dag else { return }
        let through = "every release up to \(ClusterVersion.newestKnown)"
        for key in dag.taskKeys {
            let task = dag.tasks[key]!
            let taskPath = path.field("dag").field("tasks").key(key)
            if case .artifact? = task.iterator {
                warn("the KFP backend rejects artifactIterator loops (\"artifact iterator not implemented yet\", \(through)); Tarmac runs them",
                     taskPath.field("artifactIterator"))
            }
            if let key = task.cachingOptions?.cacheKey, version <= .lastIgnoringCacheKey {
                warn("the KFP backend \(version) ignores a custom cache_key (\"\(key)\") and keys the cache by the task's inputs; it is "
                     + "honoured after \(ClusterVersion.lastIgnoringCacheKey) (kubeflow/pipelines#13762); Tarmac honours it",
                     taskPath.field("cachingOptions").field("cacheKey"))
            }
            loopItemsReadInside(task, key: key, spec: spec, warn: warn)
            if let component = spec.component(of: task), case .importer? = spec.executor(of: component) {
                for (name, binding) in task.inputs.parameters.sorted(by: { $0.key < $1.key }) {
                    if case .taskOutputParameter = binding.source {
                        warn("an importer URI from an upstream task output fails on the KFP backend (\(through)); Tarmac supports it",
                             taskPath.field("inputs").field("parameters").key(name))
                    }
                }
            }
            for (name, binding) in task.inputs.parameters.sorted(by: { $0.key < $1.key }) {
                guard case .runtimeValue(.string(let text)) = binding.source, text.contains("{{$.pipeline_") else { continue }
                let exact = text.hasPrefix("{{$.") && text.hasSuffix("}}") && !text.dropFirst(4).contains("{{")
                if !exact {
                    warn("a job placeholder inside a longer string stays literal on the KFP backend (\(through)); Tarmac resolves it",
                         taskPath.field("inputs").field("parameters").key(name).field("runtimeValue").field("constant"))
                }
            }
        }
    }

    /// A loop over a parameter whose body reads that same list: the driver removes it from each iteration
    /// (backend/src/v2/driver/resolve.go, `resolveInputs`), so the task reading it fails there, and in Tarmac.
    private static func loopItemsReadInside(_ task: PipelineTaskSpec, key loop: String, spec: PipelineSpec, warn: (String, IRPath) -> Void) {
        guard case .parameter(.inputParameter(let items), _)? = task.iterator, let body = spec.component(of: task)?.dag else { return }
        let bodyName = task.componentRef
        for key in body.taskKeys {
            for (name, binding) in body.tasks[key]!.inputs.parameters.sorted(by: { $0.key < $1.key }) {
                guard case .componentInputParameter(items) = binding.source else { continue }
                warn("task '\(key)' inside loop '\(loop)' reads '\(items)', the list the loop iterates over: the KFP backend "
                     + "removes it from each iteration (backend/src/v2/driver/resolve.go), so that task fails on the cluster and in Tarmac "
                     + "(kfp.local passes it)",
                     IRPath("components").key(bodyName).field("dag").field("tasks").key(key).field("inputs").field("parameters").key(name))
            }
        }
    }
}
