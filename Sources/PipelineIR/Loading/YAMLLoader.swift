import Basics
import Foundation
import Yams

/// Turns YAML (or JSON) text into JSON values, one per document, reporting syntax errors as file:line:column.
public enum YAMLLoader {
    /// Parses every document of a YAML stream. Duplicate keys are errors.
    public static func loadDocuments(_ text: String, file: String?) throws(IRError) -> [JSONValue] {
        do {
            let parser = try Parser(yaml: text, resolver: .default, constructor: .default, encoding: .utf8)
            var documents: [JSONValue] = []
            while let node = try parser.nextRoot() {
                documents.append(try convert(node, file: file, depth: 0))
            }
            return documents
        } catch let error as IRError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw IRError("cannot parse YAML: \(error)", at: file.map { .path($0) })
        }
    }

    static let maxDepth = 256

    private static func convert(_ node: Node, file: String?, depth: Int) throws(IRError) -> JSONValue {
        if depth > maxDepth {
            throw IRError("YAML nesting is deeper than \(maxDepth) levels", at: mark(node.mark, file: file))
        }
        switch node {
        case .scalar(let scalar): return scalarValue(scalar)
        case .alias: return .null
        case .sequence(let seq):
            var items: [JSONValue] = []
            items.reserveCapacity(seq.count)
            for item in seq { items.append(try convert(item, file: file, depth: depth + 1)) }
            return .array(items)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            members.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    throw IRError("mapping keys must be plain strings", at: mark(key.mark, file: file))
                }
                members[name] = try convert(value, file: file, depth: depth + 1)
            }
            return .object(members)
        }
    }

    /// Resolves a scalar like PyYAML (YAML 1.1 core types), which wrote the file: quoted → string;
    /// plain → null, bool, int, float or string. Hand-written because it runs for every scalar of large files.
    static func scalarValue(_ scalar: Node.Scalar) -> JSONValue {
        guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
        let text = scalar.string
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return .string(text) }
        let cleaned = text.contains("_") ? text.replacingOccurrences(of: "_", with: "") : text
        if let i = Int64(cleaned) { return .number(Double(i)) }
        if isYAMLFloat(cleaned), let d = Double(cleaned) { return .number(d) }
        return .string(text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, so that e.g. "0x10" or "1e" stay strings.
    private static func isYAMLFloat(_ text: String) -> Bool {
        var sawDigit = false, sawExponent = false
        for (i, c) in text.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"): if i != 0 && !sawExponent { return false }
            case UInt8(ascii: "."): if sawExponent { return false }
            case UInt8(ascii: "e"), UInt8(ascii: "E"): if sawExponent || !sawDigit { return false }; sawExponent = true
            default: return false
            }
        }
        return sawDigit && !(text.utf8.last.map { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? false)
    }

    private static func mark(_ mark: Mark?, file: String?) -> Location? {
        guard let mark else { return file.map { .path($0) } }
        return .file(path: file ?? "<input>", line: mark.line, column: mark.column)
    }

    private static func syntaxError(_ error: YamlError, file: String?) -> IRError {
        switch error {
        case .scanner(_, let problem, let m, _), .parser(_, let problem, let m, _), .composer(_, let problem, let m, _):
            return IRError("YAML syntax error: \(problem)", at: mark(m, file: file))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return IRError("duplicate key \(keys) in a mapping", at: mark(context.mark, file: file),
                           hint: "each field may appear only once")
        case .reader(let problem, _, _, _):
            return IRError("cannot read YAML: \(problem)", at: file.map { .path($0) })
        default:
            return IRError("cannot parse YAML: \(error)", at: file.map { .path($0) })
        }
    }
}
