import Basics

extension PipelineValidator {
    mutating func checkDag(_ dag: DagSpec, of owner: ComponentSpec, at path: IRPath) {
        for step in dagSteps(dag, of: owner, at: path) { step(&self) }
    }

    /// The checks of a DAG in order: one per task, then one of its cycles and outputs.
    func dagSteps(_ dag: DagSpec, of owner: ComponentSpec, at path: IRPath) -> [Step] {
        var steps: [Step] = dag.taskKeys.map { key in
            { validator in
                validator.checkPathSegment(key, what: "task name", at: path.field("tasks").key(key))
                validator.checkTask(key, dag.tasks[key]!, in: dag, owner: owner, at: path.field("tasks").key(key))
            }
        }
        steps.append { validator in
            if let cycle = DependencyGraph(dag: dag).findCycle() {
                validator.error("dependency cycle: " + (cycle + [cycle[0]]).joined(separator: " → "),
                                at: path.field("tasks").key(cycle[0]).field("dependentTasks"),
                                hint: "a task cannot depend, directly or through others, on itself")
            }
            validator.checkDagOutputs(dag, owner: owner, at: path.field("outputs"))
        }
        return steps
    }

    private mutating func checkTask(_ key: String, _ task: PipelineTaskSpec, in dag: DagSpec, owner: ComponentSpec, at path: IRPath) {
        for (i, dependency) in task.dependentTasks.enumerated() where dag.tasks[dependency] == nil {
            error("unknown task '\(dependency)' in dependentTasks", at: path.field("dependentTasks").index(i),
                  hint: suggestion(dependency, among: dag.taskKeys, what: "tasks in this DAG"))
        }
        guard let component = spec.components[task.componentRef] else {
            error("unknown component '\(task.componentRef)'", at: path.field("componentRef").field("name"),
                  hint: suggestion(task.componentRef, among: Array(spec.components.keys), what: "components"))
            return
        }
        checkParameterBindings(task, component: component, in: dag, owner: owner, at: path.field("inputs").field("parameters"))
        checkArtifactBindings(task, component: component, in: dag, owner: owner, at: path.field("inputs").field("artifacts"))
        checkRequiredInputs(task, component: component, at: path)
        checkIterator(task, at: path)
        checkCondition(task, at: path.field("triggerPolicy").field("condition"))
        if let retry = task.retryPolicy, retry.maxRetryCount < 0 {
            error("maxRetryCount must not be negative", at: path.field("retryPolicy").field("maxRetryCount"))
        }
    }

    private mutating func checkRequiredInputs(_ task: PipelineTaskSpec, component: ComponentSpec, at path: IRPath) {
        let provided = task.iterator?.itemInput
        for (name, parameter) in component.inputDefinitions.parameters.sorted(by: { $0.key < $1.key }) {
            guard task.inputs.parameters[name] == nil, name != provided, !parameter.mayBeOmitted,
                  parameter.parameterType != .taskConfig else { continue }
            error("missing required input parameter '\(name)' of component '\(task.componentRef)'",
                  at: path.field("inputs").field("parameters"))
        }
        for (name, artifact) in component.inputDefinitions.artifacts.sorted(by: { $0.key < $1.key }) {
            guard task.inputs.artifacts[name] == nil, name != provided, !artifact.isOptional else { continue }
            error("missing required input artifact '\(name)' of component '\(task.componentRef)'",
                  at: path.field("inputs").field("artifacts"))
        }
    }

    private mutating func checkIterator(_ task: PipelineTaskSpec, at path: IRPath) {
        switch task.iterator {
        case .parameter(.inputParameter(let name), _)? where task.inputs.parameters[name] == nil:
            error("the loop iterates over '\(name)', which is not an input of this task",
                  at: path.field("parameterIterator").field("items").field("inputParameter"))
        case .parameter(.raw(let raw), _)?:
            let items = path.field("parameterIterator").field("items").field("raw")
            do {
                let parsed = try JSONValue.parse(raw)
                if case .array = parsed { break }
                error("the loop items must be a JSON list, found a \(parsed.kindName): \(describe(parsed))", at: items)
            } catch {
                self.error("the loop items are not valid JSON: \(error)", at: items)
            }
        case .artifact(let name, _)? where task.inputs.artifacts[name] == nil:
            error("the loop iterates over artifact '\(name)', which is not an input of this task",
                  at: path.field("artifactIterator").field("items").field("inputArtifact"))
        default:
            break
        }
    }

    private mutating func checkDagOutputs(_ dag: DagSpec, owner: ComponentSpec, at path: IRPath) {
        for (name, output) in dag.outputs.parameters.sorted(by: { $0.key < $1.key }) {
            for (i, selector) in output.selectors.enumerated() {
                let at = output.selectors.count > 1 || { if case .valueFromOneof = output { return true }; return false }()
                    ? path.field("parameters").key(name).field("valueFromOneof").field("parameterSelectors").index(i)
                    : path.field("parameters").key(name).field("valueFromParameter")
                checkProducer(selector.producerSubtask, output: selector.outputParameterKey, isArtifact: false,
                              in: dag, at: at, producerField: "producerSubtask", keyField: "outputParameterKey")
            }
        }
        for (name, selectors) in dag.outputs.artifacts.sorted(by: { $0.key < $1.key }) {
            for (i, selector) in selectors.enumerated() {
                checkProducer(selector.producerSubtask, output: selector.outputArtifactKey, isArtifact: true, in: dag,
                              at: path.field("artifacts").key(name).field("artifactSelectors").index(i),
                              producerField: "producerSubtask", keyField: "outputArtifactKey")
            }
        }
        let declared = owner.outputDefinitions
        for name in declared.parameters.keys.sorted() where dag.outputs.parameters[name] == nil {
            error("output parameter '\(name)' is declared but the DAG does not say which task produces it", at: path.field("parameters"))
        }
        for name in declared.artifacts.keys.sorted() where dag.outputs.artifacts[name] == nil {
            error("output artifact '\(name)' is declared but the DAG does not say which task produces it", at: path.field("artifacts"))
        }
    }

    /// Checks that `producer` is a task of `dag` whose component declares output `key`.
    mutating func checkProducer(_ producer: String, output key: String, isArtifact: Bool, in dag: DagSpec, at path: IRPath,
                                producerField: String, keyField: String) {
        guard let task = dag.tasks[producer] else {
            error("unknown producer task '\(producer)'", at: path.field(producerField),
                  hint: suggestion(producer, among: dag.taskKeys, what: "tasks in this DAG"))
            return
        }
        guard let component = spec.components[task.componentRef] else { return }
        let outputs = isArtifact ? Array(component.outputDefinitions.artifacts.keys) : Array(component.outputDefinitions.parameters.keys)
        if !outputs.contains(key) {
            let kind = isArtifact ? "output artifact" : "output parameter"
            error("task '\(producer)' has no \(kind) '\(key)'", at: path.field(keyField),
                  hint: suggestion(key, among: outputs, what: "\(kind)s of '\(producer)'"))
        }
    }
}
