import Basics

/// One element of a container's `command` or `args` as the compiler writes it: a template string,
/// or a `{"Concat": [...]}` / `{"IfPresent": {...}}` structure (ir-semantics §4.5.1).
public indirect enum ArgumentTemplate: Hashable, Sendable, CustomStringConvertible {
    /// A string with placeholders; renders to exactly one argument.
    case string(TemplateString)
    /// `{"Concat": [...]}`: renders to one argument, the concatenation of its items.
    case concat([ArgumentTemplate])
    /// `{"IfPresent": {"InputName": n, "Then": ..., "Else": ...}}`: renders to the `then` items when
    /// input `n` is present, else the `otherwise` items; a missing branch renders to no arguments.
    case ifPresent(inputName: String, then: [ArgumentTemplate]?, otherwise: [ArgumentTemplate]?)

    /// The argument as the compiler writes it (branches always as lists).
    public var description: String {
        switch self {
        case .string(let s): return s.description
        default:
            var out = ""
            writeJSON(into: &out)
            return out
        }
    }

    private func writeJSON(into out: inout String) {
        switch self {
        case .string(let s):
            JSONValue.writeEscaped(s.description, into: &out)
        case .concat(let items):
            out += "{\"Concat\": "
            Self.writeList(items, into: &out)
            out += "}"
        case .ifPresent(let name, let then, let otherwise):
            out += "{\"IfPresent\": {\"InputName\": "
            JSONValue.writeEscaped(name, into: &out)
            if let then {
                out += ", \"Then\": "
                Self.writeList(then, into: &out)
            }
            if let otherwise {
                out += ", \"Else\": "
                Self.writeList(otherwise, into: &out)
            }
            out += "}}"
        }
    }

    private static func writeList(_ items: [ArgumentTemplate], into out: inout String) {
        out += "["
        for (i, item) in items.enumerated() {
            if i > 0 { out += ", " }
            item.writeJSON(into: &out)
        }
        out += "]"
    }

    /// Every placeholder inside, in order of appearance (both IfPresent branches included).
    public var placeholders: [Placeholder] {
        switch self {
        case .string(let s): return s.placeholders
        case .concat(let items): return items.flatMap(\.placeholders)
        case .ifPresent(_, let then, let otherwise):
            return (then ?? []).flatMap(\.placeholders) + (otherwise ?? []).flatMap(\.placeholders)
        }
    }

    /// Whether an `IfPresent` appears anywhere in it (KFP backends before 2.17.0 pass it literally).
    public var containsIfPresent: Bool {
        switch self {
        case .string: return false
        case .concat(let items): return items.contains(where: \.containsIfPresent)
        case .ifPresent: return true
        }
    }

    /// The constructs in this argument that the newest KFP backend does not resolve in command/args
    /// (§4.5.1, §7 items 1 and 3), named for a warning: `Concat`, `Concat inside IfPresent`, or a
    /// placeholder's text. Empty when the cluster would run it the same way. No repeats.
    public var clusterUnsupportedConstructs: [String] {
        var found: [String] = []
        collectUnsupported(insideIfPresent: false, into: &found)
        return found
    }

    private func collectUnsupported(insideIfPresent: Bool, into found: inout [String]) {
        func add(_ name: String) { if !found.contains(name) { found.append(name) } }
        switch self {
        case .string(let s):
            for p in s.placeholders where !p.isSupportedOnCluster { add(p.text) }
        case .concat(let items):
            add(insideIfPresent ? "Concat inside IfPresent" : "Concat")
            for item in items { item.collectUnsupported(insideIfPresent: insideIfPresent, into: &found) }
        case .ifPresent(_, let then, let otherwise):
            if insideIfPresent { add("nested IfPresent") }
            for item in (then ?? []) + (otherwise ?? []) {
                item.collectUnsupported(insideIfPresent: true, into: &found)
            }
        }
    }
}
