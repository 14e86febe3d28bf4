/// A dynamic CEL value: the kinds the KFP subset can produce at run time.
///
/// Swift `==` on this type is structural (`.int(1) != .double(1)`); CEL's `==`, which compares
/// numbers across int and double, is `CELValue.celEquals(_:_:)`.
public enum CELValue: Sendable {
    /// `null` (JSON null, `null_value`).
    case null
    /// A bool.
    case bool(Bool)
    /// A 64-bit int: from literals, `int()` and `size()`; never from JSON.
    case int(Int64)
    /// A double: every JSON number.
    case double(Double)
    /// A string, compared by code point.
    case string(String)
    /// A list (JSON array).
    case list([CELValue])
    /// A map with string keys (JSON object / protobuf Struct).
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
