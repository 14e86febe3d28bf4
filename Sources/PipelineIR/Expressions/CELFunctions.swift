import Basics

/// The receiver-less functions of the subset: the conversions `int`, `double`, `string`, plus
/// `size` and KFP's `parseJson`. Arity is checked before evaluation (`CELEvaluator.check`).
enum CELFunctions {
    /// Applies `function` to already evaluated arguments.
    static func call(_ function: String, _ arguments: [CELValue], at offset: Int) throws(CELError) -> CELValue {
        guard arguments.count == 1, let argument = arguments.first else {
            throw CELError("found no matching overload for '\(function)' applied to \(arguments.count) arguments", offset: offset)
        }
        let result: CELValue?
        switch function {
        case "int": result = try toInt(argument, at: offset)
        case "double": result = try toDouble(argument, at: offset)
        case "string": result = toText(argument)
        case "size": result = size(argument)
        case "parseJson": result = try parseJson(argument, at: offset)
        default: throw CELError("undeclared reference to '\(function)'", offset: offset)
        }
        guard let result else {
            throw CELOperators.noOverload("\(function)(\(argument.typeName))", at: offset)
        }
        return result
    }

    /// `int()`: doubles truncate toward zero (NaN, infinities and values outside (-2^63, 2^63) are
    /// errors, as in cel-go); strings must be base-10 integers such as `-12`.
    static func toInt(_ value: CELValue, at offset: Int) throws(CELError) -> CELValue? {
        switch value {
        case .int: return value
        case .double(let d):
            guard d > -0x1p63, d < 0x1p63 else {
                let what = d.isNaN ? "NaN" : "\(CELFunctions.goFormat(d)): out of range"
                throw CELError("int() cannot convert \(what)", offset: offset)
            }
            return .int(Int64(d.rounded(.towardZero)))
        case .string(let s):
            guard let i = Int64(s) else { throw CELError("int() cannot convert '\(s)'", offset: offset) }
            return .int(i)
        default: return nil
        }
    }

    /// `double()`: ints convert exactly-or-nearest; strings parse like Go's `strconv.ParseFloat`
    /// (`1.5`, `1e-5`, `inf`, `NaN`), and a finite text that overflows is an error.
    static func toDouble(_ value: CELValue, at offset: Int) throws(CELError) -> CELValue? {
        switch value {
        case .double: return value
        case .int(let i): return .double(Double(i))
        case .string(let s):
            let lower = s.lowercased()
            if lower == "nan" { return .double(.nan) }
            let unsigned = lower.hasPrefix("+") || lower.hasPrefix("-") ? String(lower.dropFirst()) : lower
            guard let d = Double(s), !d.isNaN, d.isFinite || unsigned == "inf" || unsigned == "infinity" else {
                throw CELError("double() cannot convert '\(s)'", offset: offset)
            }
            return .double(d)
        default: return nil
        }
    }

    /// `string()`: ints in decimal, doubles like Go's `%g`, bools as `true`/`false`.
    static func toText(_ value: CELValue) -> CELValue? {
        switch value {
        case .string: return value
        case .int(let i): return .string(String(i))
        case .double(let d): return .string(goFormat(d))
        case .bool(let b): return .string(b ? "true" : "false")
        default: return nil
        }
    }

    /// `size()`: code points of a string, elements of a list or map.
    static func size(_ value: CELValue) -> CELValue? {
        switch value {
        case .string(let s): return .int(Int64(s.unicodeScalars.count))
        case .list(let items): return .int(Int64(items.count))
        case .map(let members): return .int(Int64(members.count))
        default: return nil
        }
    }

    /// KFP's `parseJson(string) -> dyn`: JSON numbers become doubles, objects maps.
    static func parseJson(_ value: CELValue, at offset: Int) throws(CELError) -> CELValue? {
        guard case .string(let text) = value else { return nil }
        do {
            return CELValue(try JSONValue.parse(text))
        } catch {
            throw CELError(
                "parseJson() cannot parse its argument: \(error.message) at JSON offset \(error.offset)", offset: offset)
        }
    }
}
