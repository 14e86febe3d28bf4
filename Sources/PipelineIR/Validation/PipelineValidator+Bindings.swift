import Basics

extension PipelineValidator {
    mutating func checkParameterBindings(_ task: PipelineTaskSpec, component: ComponentSpec, in dag: DagSpec,
                                         owner: ComponentSpec, at path: IRPath) {
        for (name, binding) in task.inputs.parameters.sorted(by: { $0.key < $1.key }) {
            let at = path.key(name)
            switch binding.source {
            case .componentInputParameter(let parent):
                if owner.inputDefinitions.parameters[parent] == nil {
                    error("unknown input parameter '\(parent)' of the enclosing DAG", at: at.field("componentInputParameter"),
                          hint: suggestion(parent, among: Array(owner.inputDefinitions.parameters.keys), what: "DAG inputs"))
                }
            case .taskOutputParameter(let producer, let key):
                checkProducer(producer, output: key, isArtifact: false, in: dag, at: at.field("taskOutputParameter"),
                              producerField: "producerTask", keyField: "outputParameterKey")
            case .taskFinalStatus(let producer):
                if dag.tasks[producer] == nil {
                    error("unknown producer task '\(producer)'", at: at.field("taskFinalStatus").field("producerTask"),
                          hint: suggestion(producer, among: dag.taskKeys, what: "tasks in this DAG"))
                }
            case .runtimeValue(let value):
                checkConstant(value, for: component.inputDefinitions.parameters[name], at: at.field("runtimeValue").field("constant"))
            }
            if let selector = binding.parameterExpressionSelector {
                checkSelector(selector, at: at.field("parameterExpressionSelector"))
            }
        }
    }

    private mutating func checkConstant(_ value: JSONValue, for declared: ParameterSpec?, at path: IRPath) {
        guard let declared, declared.parameterType != .string, !value.isNull else { return }
        if case .string(let text) = value, text.contains("{{$") { return }  // resolved at run time
        if !declared.parameterType.accepts(value) {
            error("constant \(describe(value)) is not a \(declared.parameterType.rawValue)", at: path,
                  hint: "a \(declared.parameterType.rawValue) input takes \(declared.parameterType.valueDescription)")
        }
    }

    mutating func checkArtifactBindings(_ task: PipelineTaskSpec, component: ComponentSpec, in dag: DagSpec,
                                        owner: ComponentSpec, at path: IRPath) {
        for (name, binding) in task.inputs.artifacts.sorted(by: { $0.key < $1.key }) {
            let at = path.key(name)
            switch binding {
            case .componentInputArtifact(let parent):
                if owner.inputDefinitions.artifacts[parent] == nil {
                    error("unknown input artifact '\(parent)' of the enclosing DAG", at: at.field("componentInputArtifact"),
                          hint: suggestion(parent, among: Array(owner.inputDefinitions.artifacts.keys), what: "DAG input artifacts"))
                }
            case .taskOutputArtifact(let producer, let key):
                checkProducer(producer, output: key, isArtifact: true, in: dag, at: at.field("taskOutputArtifact"),
                              producerField: "producerTask", keyField: "outputArtifactKey")
            }
        }
    }
}
