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

    private static func scalarValue(_ scalar: Node.Scalar) -> JSONValue {
        guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
        switch Tag.Name(rawValue: scalar.tag.rawValue) {
        case .null: return .null
        case .bool: return Bool.construct(from: scalar).map(JSONValue.bool) ?? .string(scalar.string)
        case .int:
            if let i = Int64.construct(from: scalar) { return .number(Double(i)) }
            return Double.construct(from: scalar).map(JSONValue.number) ?? .string(scalar.string)
        case .float: return Double.construct(from: scalar).map(JSONValue.number) ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
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
