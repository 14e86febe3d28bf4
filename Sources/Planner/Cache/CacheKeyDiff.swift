import Basics

/// Says which parts of a cache key's description changed between two executions of a task: the
/// answer to "why did this task run again?" (`tarmac explain`, `run --explain`).
public enum CacheKeyDiff {
    /// Plain-language differences, most specific first within each part; empty when equal.
    public static func changes(from old: JSONValue, to new: JSONValue) -> [String] {
        guard case .object(let before) = old, case .object(let after) = new else { return ["the cache key changed"] }
        var result: [String] = []
        for field in fieldOrder where before[field] != after[field] {
            result += describe(field, before[field], after[field])
        }
        for field in Set(before.keys).union(after.keys).subtracting(fieldOrder).sorted() where before[field] != after[field] {
            result.append("\(field) changed")
        }
        return result
    }

    private static let fieldOrder = ["version", "cacheKey", "component", "image", "command", "args", "env",
                                     "inputParameters", "inputArtifacts", "outputParameters", "outputArtifacts", "pvcNames"]

    private static func describe(_ field: String, _ old: JSONValue?, _ new: JSONValue?) -> [String] {
        switch field {
        case "version": return ["the cache key format changed (\(text(old)) → \(text(new)))"]
        case "cacheKey": return ["the custom cache key changed (\(text(old)) → \(text(new)))"]
        case "image": return ["the image changed (\(text(old)) → \(text(new)))"]
        case "command", "args": return ["the \(field == "command" ? "command" : "arguments") in the IR changed (component code or its interface)"]
        case "env": return members("env var", old, new) { name, _, _ in "env var \(name) changed" }
        case "inputParameters":
            return members("input parameter", old, new) { name, a, b in "input parameter '\(name)' changed: \(text(a)) → \(text(b))" }
        case "inputArtifacts": return members("input artifact", old, new, artifactChange)
        case "outputParameters", "outputArtifacts": return ["the component's outputs changed"]
        case "pvcNames": return ["the mounted PVCs changed (\(text(old)) → \(text(new)))"]
        default: return ["\(field) changed"]
        }
    }

    /// Differences of two objects key by key: added, removed, or changed as `changed` says.
    private static func members(_ noun: String, _ old: JSONValue?, _ new: JSONValue?,
                                _ changed: (String, JSONValue, JSONValue) -> String) -> [String] {
        let before = old?.objectValue ?? [:]
        let after = new?.objectValue ?? [:]
        var result: [String] = []
        for name in Set(before.keys).union(after.keys).sorted() {
            switch (before[name], after[name]) {
            case (nil, .some): result.append("\(noun) '\(name)' is new")
            case (.some, nil): result.append("\(noun) '\(name)' was removed")
            case (let a?, let b?) where a != b: result.append(changed(name, a, b))
            default: continue
            }
        }
        return result
    }

    private static func artifactChange(_ name: String, _ old: JSONValue, _ new: JSONValue) -> String {
        let objects = { (value: JSONValue) in (value.arrayValue ?? []).map { $0.objectValue?["object"]?.stringValue ?? "?" } }
        let (a, b) = (objects(old), objects(new))
        if a != b {
            return "input artifact '\(name)' has different content: \(a.map(short).joined(separator: ",")) → \(b.map(short).joined(separator: ","))"
        }
        return "input artifact '\(name)' has different metadata or type"
    }

    /// `sha256:0123456789ab…` — enough of a digest for a person.
    static func short(_ object: String) -> String {
        guard let colon = object.firstIndex(of: ":") else { return object }
        let hex = object[object.index(after: colon)...]
        return hex.count > 12 ? object[..<colon] + ":" + hex.prefix(12) + "…" : object
    }

    private static func text(_ value: JSONValue?) -> String {
        guard let value else { return "(none)" }
        let form = value.stringValue.map { "\"\($0)\"" } ?? value.canonicalJSON
        return form.count > 80 ? String(form.prefix(77)) + "…" : form
    }
}
