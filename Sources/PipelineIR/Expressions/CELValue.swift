import Basics

/// A dynamic CEL value: the kinds the KFP subset can produce at run time.
///
/// Swift `==` on this type is structural (`.int(1) != .double(1)`); CEL's `==`, which compares
/// numbers across int and double, is `CELValue.celEquals(_:_:)`.
public enum CELValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([CELValue])
    case map([String: CELValue])

    /// The CEL type name, as used in error messages (`null_type`, `bool`, `int`, `double`, ...).
    public var typeName: String {
        switch self {
        case .null: return "null_type"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "double"
        case .string: return "string"
        case .list: return "list"
        case .map: return "map"
        }
    }

    /// The value CEL sees for a `google.protobuf.Value`: numbers become doubles, structs maps.
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .double(n)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(CELValue.init))
        case .object(let members): self = .map(members.mapValues(CELValue.init))
        }
    }

    /// Back to a `google.protobuf.Value`: ints become (double) numbers; nil if a double is not
    /// finite, which JSON cannot carry.
    public var jsonValue: JSONValue? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(Double(i))
        case .double(let d): return d.isFinite ? .number(d) : nil
        case .string(let s): return .string(s)
        case .list(let items):
            var out: [JSONValue] = []
            for item in items {
                guard let json = item.jsonValue else { return nil }
                out.append(json)
            }
            return .array(out)
        case .map(let members):
            var out: [String: JSONValue] = [:]
            for (key, value) in members {
                guard let json = value.jsonValue else { return nil }
                out[key] = json
            }
            return .object(out)
        }
    }

    /// CEL source text for a literal (lists and maps render as CEL list/map syntax).
    public var literalText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d):
            if d.isNaN { return "double(\"NaN\")" }
            if d.isInfinite { return d < 0 ? "double(\"-Inf\")" : "double(\"Inf\")" }
            return "\(d)"
        case .string(let s): return CELValue.quoted(s)
        case .list(let items): return "[" + items.map(\.literalText).joined(separator: ", ") + "]"
        case .map(let members):
            let entries = members.keys.sorted().map { "\(CELValue.quoted($0)): \(members[$0]!.literalText)" }
            return "{" + entries.joined(separator: ", ") + "}"
        }
    }

    /// `s` as a double-quoted CEL string literal.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
