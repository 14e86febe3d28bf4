import Basics

extension PipelineTaskSpec {
    static func decode(_ reader: IRReader, key: String) -> PipelineTaskSpec? {
        guard reader.members != nil else { return nil }
        guard let ref = reader.required("componentRef")?.requiredString("name") else { return nil }
        let display = reader.field("taskInfo")?.string("name") ?? key
        var task = PipelineTaskSpec(displayName: display, componentRef: ref,
                                    inputs: reader.field("inputs").map(TaskInputsSpec.decode) ?? .init(),
                                    dependentTasks: reader.strings("dependentTasks"))
        if let caching = reader.field("cachingOptions") {
            let key = caching.string("cacheKey")
            task.cachingOptions = CachingOptions(enableCache: caching.bool("enableCache"),
                                                 cacheKey: key?.isEmpty == true ? nil : key)
        }
        if let trigger = reader.field("triggerPolicy") { task.triggerPolicy = TriggerPolicy.decode(trigger) }
        task.iterator = TaskIterator.decode(reader)
        task.parallelismLimit = reader.field("iteratorPolicy")?.integer("parallelismLimit") ?? 0
        if let retry = reader.field("retryPolicy") { task.retryPolicy = RetryPolicy.decode(retry) }
        return task
    }
}

extension TaskInputsSpec {
    static func decode(_ reader: IRReader) -> TaskInputsSpec {
        var inputs = TaskInputsSpec()
        for (name, child) in reader.map("parameters") {
            if let binding = InputParameterBinding.decode(child) { inputs.parameters[name] = binding }
        }
        for (name, child) in reader.map("artifacts") {
            if let binding = InputArtifactBinding.decode(child) { inputs.artifacts[name] = binding }
        }
        return inputs
    }
}

extension InputParameterBinding {
    /// Decodes the oneof; exactly one kind must be set.
    static func decode(_ reader: IRReader) -> InputParameterBinding? {
        guard reader.members != nil else { return nil }
        var sources: [Source] = []
        let kinds = ["componentInputParameter", "taskOutputParameter", "runtimeValue", "taskFinalStatus"]
        let present = kinds.filter { reader.members?[$0] != nil }
        if present.count > 1 {
            reader.error("sets both \(present[0]) and \(present[1]); set exactly one kind")
            return nil
        }
        if let name = reader.string("componentInputParameter") { sources.append(.componentInputParameter(name)) }
        if let out = reader.field("taskOutputParameter"),
           let producer = out.requiredString("producerTask"), let key = out.requiredString("outputParameterKey") {
            sources.append(.taskOutputParameter(producerTask: producer, outputParameterKey: key))
        }
        if let runtime = reader.field("runtimeValue") {
            if let constant = runtime.field("constant") {
                sources.append(.runtimeValue(constant.value))
            } else if let legacy = runtime.field("constantValue") {
                sources.append(.runtimeValue(legacyConstant(legacy.value)))
            } else if runtime.members?.keys.contains("constant") == true {
                sources.append(.runtimeValue(.null))
            } else {
                runtime.error("runtimeValue needs a 'constant'")
            }
        }
        if let status = reader.field("taskFinalStatus"), let producer = status.requiredString("producerTask") {
            sources.append(.taskFinalStatus(producerTask: producer))
        }
        guard sources.count == 1 else {
            reader.error(sources.isEmpty
                ? "an input parameter needs one of componentInputParameter, taskOutputParameter, runtimeValue, taskFinalStatus"
                : "an input parameter may set only one of componentInputParameter, taskOutputParameter, runtimeValue, taskFinalStatus")
            return nil
        }
        return InputParameterBinding(sources[0], parameterExpressionSelector: reader.string("parameterExpressionSelector"))
    }

    /// The legacy `constantValue: {stringValue|intValue|doubleValue}` form, else the value itself.
    private static func legacyConstant(_ value: JSONValue) -> JSONValue {
        guard case .object(let members) = value, members.count == 1, let (key, inner) = members.first else { return value }
        switch key {
        case "stringValue": return inner
        case "intValue": return inner.stringValue.flatMap(Double.init).map(JSONValue.number) ?? inner
        case "doubleValue": return inner
        default: return value
        }
    }
}

extension InputArtifactBinding {
    static func decode(_ reader: IRReader) -> InputArtifactBinding? {
        if let name = reader.string("componentInputArtifact") { return .componentInputArtifact(name) }
        if let out = reader.field("taskOutputArtifact") {
            guard let producer = out.requiredString("producerTask"), let key = out.requiredString("outputArtifactKey") else { return nil }
            return .taskOutputArtifact(producerTask: producer, outputArtifactKey: key)
        }
        reader.error("an input artifact needs 'componentInputArtifact' or 'taskOutputArtifact'")
        return nil
    }
}
