import Basics

extension DagSpec {
    /// `decoded`: the tasks, when they were decoded already.
    static func decode(_ reader: IRReader, tasks decoded: [String: PipelineTaskSpec]? = nil) -> DagSpec {
        var tasks = decoded ?? [:]
        if decoded == nil {
            for (key, child) in reader.map("tasks") {
                if let task = PipelineTaskSpec.decode(child, key: key) { tasks[key] = task }
            }
        }
        var outputs = DagOutputsSpec()
        if let out = reader.field("outputs") {
            for (name, child) in out.map("parameters") {
                if let spec = DagOutputParameterSpec.decode(child) { outputs.parameters[name] = spec }
            }
            for (name, child) in out.map("artifacts") {
                outputs.artifacts[name] = child.list("artifactSelectors").compactMap(ArtifactSelector.decode)
                if outputs.artifacts[name]!.isEmpty { child.error("a DAG output artifact needs at least one artifactSelectors entry") }
            }
        }
        return DagSpec(tasks: tasks, outputs: outputs)
    }
}

extension DagOutputParameterSpec {
    static func decode(_ reader: IRReader) -> DagOutputParameterSpec? {
        if let single = reader.field("valueFromParameter") {
            return ParameterSelector.decode(single).map(DagOutputParameterSpec.valueFromParameter)
        }
        if let oneof = reader.field("valueFromOneof") {
            let selectors = oneof.list("parameterSelectors").compactMap(ParameterSelector.decode)
            if selectors.isEmpty { oneof.error("valueFromOneof needs at least one parameterSelectors entry") }
            return .valueFromOneof(selectors)
        }
        reader.error("a DAG output parameter needs 'valueFromParameter' or 'valueFromOneof'")
        return nil
    }
}

extension ParameterSelector {
    static func decode(_ reader: IRReader) -> ParameterSelector? {
        guard let producer = reader.requiredString("producerSubtask"),
              let key = reader.requiredString("outputParameterKey") else { return nil }
        return ParameterSelector(producerSubtask: producer, outputParameterKey: key)
    }
}

extension ArtifactSelector {
    static func decode(_ reader: IRReader) -> ArtifactSelector? {
        guard let producer = reader.requiredString("producerSubtask"),
              let key = reader.requiredString("outputArtifactKey") else { return nil }
        return ArtifactSelector(producerSubtask: producer, outputArtifactKey: key)
    }
}
