import Basics

/// Evaluates parsed CEL expressions the way KFP's driver does (ir-semantics §3.2 and §3.4).
///
/// Like cel-go's compile step, a static check runs first: an undeclared variable or function, or
/// a call with the wrong number of arguments, is an error even in a branch `&&` would skip.
/// Choices where CEL versions differ: `==`/`!=` compare int and double numerically, and values of
/// different kinds (e.g. a string and a double) are simply unequal, never an error.
public enum CELEvaluator {
    /// The functions every environment declares, with their arity.
    static let functionArity: [String: Int] = ["int": 1, "double": 1, "string": 1, "size": 1, "parseJson": 1]

    /// The variables a `parameterExpressionSelector` may use (the fields of `google.protobuf.Value`).
    public static let selectorVariableNames: Set<String> = [
        "string_value", "number_value", "bool_value", "struct_value", "list_value", "null_value",
    ]

    /// Evaluates a `triggerPolicy.condition` against the condition task's resolved input
    /// parameters, bound as `inputs.parameter_values` (JSON numbers are CEL doubles).
    /// Any error, including a non-bool result, means the task fails (not that it is skipped).
    public static func evaluateCondition(_ expression: CELExpression, parameterValues: [String: JSONValue])
        throws(CELError) -> Bool
    {
        let inputs = CELValue.map(["parameter_values": .map(parameterValues.mapValues(CELValue.init))])
        let result = try evaluate(expression, declared: ["inputs"], bound: ["inputs": inputs])
        guard case .bool(let outcome) = result else {
            throw CELError(
                "condition must evaluate to a bool, got \(result.typeName)", offset: expression.offset)
        }
        return outcome
    }

    /// Applies a `parameterExpressionSelector` to a resolved input value. `string_value` is always
    /// bound, to the value's text form; the field matching the value's kind is bound too.
    /// The result comes back as JSON (ints become numbers).
    public static func evaluateSelector(_ expression: CELExpression, on value: JSONValue)
        throws(CELError) -> JSONValue
    {
        let result = try evaluate(expression, declared: selectorVariableNames, bound: selectorVariables(for: value))
        guard let json = result.jsonValue else {
            throw CELError(
                "selector result contains NaN or an infinity, which JSON cannot represent", offset: expression.offset)
        }
        return json
    }

    /// Evaluates `expression` with exactly `variables` declared and bound.
    public static func evaluate(_ expression: CELExpression, variables: [String: CELValue])
        throws(CELError) -> CELValue
    {
        try evaluate(expression, declared: Set(variables.keys), bound: variables)
    }

    /// The selector's bindings for `value` (ir-semantics §3.4).
    static func selectorVariables(for value: JSONValue) -> [String: CELValue] {
        var variables: [String: CELValue] = ["string_value": .string(value.textForm)]
        switch value {
        case .number(let n): variables["number_value"] = .double(n)
        case .bool(let b): variables["bool_value"] = .bool(b)
        case .object: variables["struct_value"] = CELValue(value)
        case .array: variables["list_value"] = CELValue(value)
        case .null: variables["null_value"] = .null
        case .string: break
        }
        return variables
    }

    /// Checks, then evaluates. `declared` names may be used; only `bound` ones have a value.
    static func evaluate(_ expression: CELExpression, declared: Set<String>, bound: [String: CELValue])
        throws(CELError) -> CELValue
    {
        guard expression.height <= CELParser.maxDepth else {
            throw CELError("expression nested too deeply (limit \(CELParser.maxDepth))",
                                     offset: expression.offset)
        }
        try check(expression, declared: declared)
        return try CELInterpreter(variables: bound).evaluate(expression)
    }

    /// The static check: every identifier declared, every function known and called with its
    /// arity. Reports the leftmost problem; iterative, like evaluation.
    static func check(_ root: CELExpression, declared: Set<String>) throws(CELError) {
        var work = [root]
        while let expression = work.popLast() {
            switch expression.node {
            case .identifier(let name) where !declared.contains(name):
                throw CELError("undeclared reference to '\(name)'", offset: expression.offset)
            case .call(let function, let arguments):
                guard let arity = functionArity[function] else {
                    throw CELError("undeclared reference to '\(function)'", offset: expression.offset)
                }
                guard arguments.count == arity else {
                    throw CELError(
                        "found no matching overload for '\(function)' applied to \(arguments.count) arguments",
                        offset: expression.offset)
                }
            default:
                break
            }
            work.append(contentsOf: expression.node.children.reversed())
        }
    }
}
