import Basics
import PipelineIR

/// Pure steps applied to a task's resolved input parameters before the executor input is built:
/// f-strings (§4.5.3), job placeholders in constants (§4.5.2) and type coercion (§4.2.2 step 2).
public enum InputValues {
    /// Replaces every `{{$.inputs.parameters['k']}}` inside string values (recursively in lists and
    /// structs) with the text form of input `k` from `values`, in one pass: substituted text is not
    /// scanned again and every reference sees the *original* values. Unknown names stay literal.
    /// Only the inputs in `names` are rewritten (the task's constants); nil rewrites all.
    public static func substituteFStrings(_ values: [String: JSONValue], in names: Set<String>? = nil) -> [String: JSONValue] {
        var result = values
        for (name, value) in values where names?.contains(name) ?? true {
            result[name] = mapStrings(value) { text in
                PlaceholderText.replacingTokens(in: text) { inner in
                    PlaceholderText.inputParameterName(inner).flatMap { values[$0]?.textForm }
                }
            }
        }
        return result
    }

    /// Resolves job placeholders in one task-input constant (§4.5.2). As on the cluster: a string that
    /// *equals* one of the seven job/task placeholders becomes its value, and `{{$.workspace_path}}`
    /// is replaced anywhere in a string. As a local extension, job placeholders and
    /// `{{$.pipeline_root}}` are also replaced inside longer strings; `divergesFromCluster` is then
    /// true so the caller can warn that the cluster would keep them literal. Only a top-level string
    /// is examined (lists and structs are returned unchanged, as on the cluster).
    public static func substituteJobPlaceholders(in value: JSONValue, job: JobInfo)
        -> (value: JSONValue, divergesFromCluster: Bool)
    {
        guard let text = value.stringValue, text.contains("{{$.") else { return (value, false) }
        if let placeholder = Placeholder.wordPlaceholders.first(where: { "{{$.\($0.key)}}" == text })?.value,
           PlaceholderText.exactMatchOnCluster.contains(placeholder), let resolved = job.value(of: placeholder) {
            return (.string(resolved), false)
        }
        var diverges = false
        let replaced = PlaceholderText.replacingTokens(in: text) { inner in
            guard let placeholder = Placeholder.wordPlaceholders[String(inner)],
                  let resolved = job.value(of: placeholder) else { return nil }
            if placeholder != .workspacePath { diverges = true }
            return resolved
        }
        return (.string(replaced), diverges)
    }

    /// `value` with `transform` applied to every string inside it (not to object keys).
    static func mapStrings(_ value: JSONValue, _ transform: (String) -> String) -> JSONValue {
        switch value {
        case .string(let s): return .string(transform(s))
        case .array(let items): return .array(items.map { mapStrings($0, transform) })
        case .object(let members): return .object(members.mapValues { mapStrings($0, transform) })
        default: return value
        }
    }
}

/// Finding `{{$.…}}` tokens inside parameter *values* (not command-line templates): unknown tokens
/// are kept exactly as written.
enum PlaceholderText {
    /// The placeholders the cluster resolves when a constant equals them exactly (§4.5.2).
    static let exactMatchOnCluster: Set<Placeholder> = [
        .pipelineJobName, .pipelineJobResourceName, .pipelineJobUUID, .pipelineTaskName, .pipelineTaskUUID,
        .pipelineJobCreateTimeUTC, .pipelineJobScheduleTimeUTC, .workspacePath,
    ]

    /// `text` with each `{{$.INNER}}` for which `lookup(INNER)` gives a value replaced by it, in one
    /// pass; everything else is copied unchanged.
    static func replacingTokens(in text: String, _ lookup: (Substring) -> String?) -> String {
        guard text.contains("{{$.") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{$.") {
            out += rest[..<open.lowerBound]
            let body = rest[open.upperBound...]
            if let close = body.firstRange(of: "}}"), let value = lookup(body[..<close.lowerBound]) {
                out += value
                rest = body[close.upperBound...]
            } else {
                out += "{"
                rest = rest[rest.index(after: open.lowerBound)...]
            }
        }
        return out + rest
    }

    /// `k` from `inputs.parameters['k']` or `inputs.parameters["k"]`; nil for anything else.
    static func inputParameterName(_ inner: Substring) -> String? {
        let prefix = "inputs.parameters["
        guard inner.hasPrefix(prefix), inner.hasSuffix("]") else { return nil }
        let quoted = inner.dropFirst(prefix.count).dropLast()
        guard quoted.count >= 3, let quote = quoted.first, quote == "'" || quote == "\"", quoted.last == quote else {
            return nil
        }
        return String(quoted.dropFirst().dropLast())
    }
}
