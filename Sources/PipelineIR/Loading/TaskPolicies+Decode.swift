import Basics

extension TriggerPolicy {
    static func decode(_ reader: IRReader) -> TriggerPolicy {
        var strategy = Strategy.unspecified
        if let field = reader.field("strategy"), let text = field.string {
            if let parsed = Strategy(rawValue: text) {
                strategy = parsed
            } else {
                field.error("unknown trigger strategy '\(text)'",
                            hint: "one of: ALL_UPSTREAM_TASKS_SUCCEEDED, ALL_UPSTREAM_TASKS_COMPLETED")
            }
        }
        let condition = reader.string("condition")
        return TriggerPolicy(condition: condition?.isEmpty == true ? nil : condition, strategy: strategy)
    }
}

extension TaskIterator {
    /// Decodes `parameterIterator` or `artifactIterator` of a task, if present.
    static func decode(_ task: IRReader) -> TaskIterator? {
        if let iterator = task.field("parameterIterator") {
            guard let itemInput = iterator.requiredString("itemInput"), let items = iterator.required("items") else { return nil }
            if let raw = items.string("raw") { return .parameter(items: .raw(raw), itemInput: itemInput) }
            if let input = items.string("inputParameter") { return .parameter(items: .inputParameter(input), itemInput: itemInput) }
            items.error("parameterIterator.items needs 'raw' or 'inputParameter'")
            return nil
        }
        if let iterator = task.field("artifactIterator") {
            guard let itemInput = iterator.requiredString("itemInput"),
                  let input = iterator.required("items")?.requiredString("inputArtifact") else { return nil }
            return .artifact(inputArtifact: input, itemInput: itemInput)
        }
        return nil
    }
}

extension RetryPolicy {
    static func decode(_ reader: IRReader) -> RetryPolicy {
        RetryPolicy(maxRetryCount: reader.integer("maxRetryCount") ?? 0,
                    backoffDuration: duration(reader, "backoffDuration") ?? 0,
                    backoffFactor: reader.number("backoffFactor") ?? 2,
                    backoffMaxDuration: duration(reader, "backoffMaxDuration") ?? 3600)
    }

    /// A `google.protobuf.Duration` in its JSON form ("10s", "1.5s").
    private static func duration(_ reader: IRReader, _ name: String) -> Double? {
        guard let field = reader.field(name), let text = field.string else { return nil }
        guard text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds >= 0 else {
            field.error("invalid duration '\(text)'", hint: "durations are written in seconds, e.g. '10s'")
            return nil
        }
        return seconds
    }
}
