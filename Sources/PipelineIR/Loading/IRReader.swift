import Basics

/// Collects the problems found while decoding one document, so `validate` can report all of them.
final class IRDiagnostics {
    let file: String?
    private(set) var errors: [IRError] = []
    private var reported = Set<IRError>()

    init(file: String?) { self.file = file }

    /// Records a problem; the same problem at the same place is recorded once.
    func error(_ message: String, at path: IRPath, hint: String? = nil) {
        let error = IRError(message, file: file, path: path, hint: hint)
        if reported.insert(error).inserted { errors.append(error) }
    }
}

/// A JSON node together with its IR path; typed accessors record an error (and return nil) on a mismatch.
struct IRReader {
    let value: JSONValue
    let path: IRPath
    let diagnostics: IRDiagnostics

    /// The members of this node, or nil (with an error) if it is not a mapping.
    var members: [String: JSONValue]? {
        if case .object(let members) = value { return members }
        diagnostics.error("expected a mapping, found a \(value.kindName)", at: path)
        return nil
    }

    /// A child field, nil when absent or null. Asking a non-mapping for a field records that it is no mapping.
    func field(_ name: String) -> IRReader? {
        guard case .object(let members) = value else {
            diagnostics.error("expected a mapping, found a \(value.kindName)", at: path)
            return nil
        }
        guard let child = members[name], !child.isNull else { return nil }
        return IRReader(value: child, path: path.field(name), diagnostics: diagnostics)
    }

    /// A required child field; records "missing required field" when absent.
    func required(_ name: String) -> IRReader? {
        if let child = field(name) { return child }
        if case .object = value { diagnostics.error("missing required field '\(name)'", at: path) }
        return nil
    }

    /// This node as a string, recording an error otherwise.
    var string: String? {
        if case .string(let s) = value { return s }
        diagnostics.error("expected a string, found a \(value.kindName)", at: path)
        return nil
    }

    /// A string field.
    func string(_ name: String) -> String? { field(name)?.string }

    /// A required string field.
    func requiredString(_ name: String) -> String? { required(name)?.string }

    /// A bool field (absent → false).
    func bool(_ name: String) -> Bool {
        guard let child = field(name) else { return false }
        if case .bool(let b) = child.value { return b }
        diagnostics.error("expected a bool, found a \(child.value.kindName)", at: child.path)
        return false
    }

    /// A number field; accepts the proto-JSON forms of numbers (a number, or a numeric string for int64).
    func number(_ name: String) -> Double? {
        guard let child = field(name) else { return nil }
        switch child.value {
        case .number(let n): return n
        case .string(let s) where Double(s) != nil: return Double(s)
        default:
            diagnostics.error("expected a number, found a \(child.value.kindName) '\(child.value.textForm)'", at: child.path)
            return nil
        }
    }

    /// An integer field (int64 fields are written as strings by the compiler).
    func integer(_ name: String) -> Int? {
        guard let n = number(name) else { return nil }
        guard n == n.rounded(), abs(n) < 9.0e15 else {
            diagnostics.error("expected an integer, found \(JSONValue.formatNumber(n))", at: path.field(name))
            return nil
        }
        return Int(n)
    }

    /// A list of strings field.
    func strings(_ name: String) -> [String] { list(name).compactMap { $0.string } }

    /// The elements of a list field (absent → empty).
    func list(_ name: String) -> [IRReader] {
        guard let child = field(name) else { return [] }
        guard case .array(let items) = child.value else {
            diagnostics.error("expected a list, found a \(child.value.kindName)", at: child.path)
            return []
        }
        return items.enumerated().map { IRReader(value: $1, path: child.path.index($0), diagnostics: diagnostics) }
    }

    /// The entries of a map field, sorted by key (absent → empty).
    func map(_ name: String) -> [(key: String, reader: IRReader)] {
        guard let child = field(name), let members = child.members else { return [] }
        return members.keys.sorted().map { ($0, IRReader(value: members[$0]!, path: child.path.key($0), diagnostics: diagnostics)) }
    }

    /// Records an error at this node.
    func error(_ message: String, hint: String? = nil) { diagnostics.error(message, at: path, hint: hint) }
}
