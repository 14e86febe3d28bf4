import Basics
import PipelineIR

extension InputValues {
    /// Type validation and coercion of a task's inputs against the component's declared parameters
    /// (§4.2.2 step 2, `literals` included). `STRING` takes any non-null value as its text form; other
    /// types need the matching JSON kind (a string is never parsed; numbers are not checked for
    /// integrality, as on the cluster); null only for optional parameters. A missing parameter is an
    /// error unless optional or defaulted (it stays absent). Undeclared inputs pass through untouched.
    public static func coerce(_ values: [String: JSONValue], to declared: [String: ParameterSpec])
        throws(InvocationError) -> [String: JSONValue]
    {
        var result = values
        for name in declared.keys.sorted() {
            let spec = declared[name]!
            guard let value = values[name] else {
                if spec.mayBeOmitted { continue }
                throw InvocationError("input '\(name)' (\(spec.parameterType.rawValue)) has no value and no default")
            }
            result[name] = try coerce(value, name: name, to: spec)
        }
        return result
    }

    private static func coerce(_ value: JSONValue, name: String, to spec: ParameterSpec) throws(InvocationError) -> JSONValue {
        let type = spec.parameterType
        if value.isNull {
            guard spec.isOptional else { throw InvocationError("input '\(name)' expects \(type.rawValue), got null") }
            return value
        }
        let coerced: JSONValue
        switch type {
        case .string:
            coerced = value.stringValue == nil ? .string(value.textForm) : value
        case .unspecified:
            coerced = value
        default:
            guard value.kindName == type.jsonKindName else {
                throw InvocationError("input '\(name)' expects \(type.rawValue), got \(describe(value))")
            }
            coerced = value
        }
        if let literals = spec.literals, !literals.contains(coerced) {
            let allowed = literals.map(\.canonicalJSON).joined(separator: ", ")
            throw InvocationError("input '\(name)' must be one of \(allowed), got \(describe(coerced))")
        }
        return coerced
    }

    /// "a string \"abc\"", "a number 1.5", "a list [1,2]", shortened past 80 characters.
    static func describe(_ value: JSONValue) -> String {
        if value.isNull { return "null" }
        var json = value.canonicalJSON
        if json.count > 80 { json = String(json.prefix(77)) + "..." }
        return "a \(value.kindName) \(json)"
    }
}
