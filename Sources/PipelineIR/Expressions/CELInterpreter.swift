/// The tree walk behind `CELEvaluator`: strict evaluation except for `&&` and `||`.
struct CELInterpreter {
    /// The bound variables.
    let variables: [String: CELValue]

    func evaluate(_ expression: CELExpression) throws(CELEvaluationError) -> CELValue {
        let offset = expression.offset
        switch expression.node {
        case .literal(let value):
            return value
        case .identifier(let name):
            guard let value = variables[name] else {
                throw CELEvaluationError("no such attribute: '\(name)' is not set", offset: offset)
            }
            return value
        case .member(let operand, let field):
            let container = try evaluate(operand)
            guard case .map = container else {
                throw CELEvaluationError("cannot select field '\(field)' of a \(container.typeName)", offset: offset)
            }
            return try CELInterpreter.lookup(container, .string(field), at: offset)
        case .index(let operand, let index):
            let container = try evaluate(operand)
            return try CELInterpreter.lookup(container, try evaluate(index), at: offset)
        case .call(let function, let arguments):
            var values: [CELValue] = []
            for argument in arguments { values.append(try evaluate(argument)) }
            return try CELFunctions.call(function, values, at: offset)
        case .unary(let op, let operand):
            return try CELOperators.apply(op, try evaluate(operand), at: offset)
        case .binary(.and, let lhs, let rhs):
            return try logical(.and, lhs, rhs, at: offset)
        case .binary(.or, let lhs, let rhs):
            return try logical(.or, lhs, rhs, at: offset)
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs)
            return try CELOperators.apply(op, left, try evaluate(rhs), at: offset)
        }
    }

    /// CEL's commutative `&&`/`||`: a side equal to the absorbing value (`false` for `&&`, `true`
    /// for `||`) decides the result even if the other side is an error or not a bool.
    func logical(_ op: CELBinaryOperator, _ lhs: CELExpression, _ rhs: CELExpression, at offset: Int)
        throws(CELEvaluationError) -> CELValue
    {
        let absorbing = op == .or
        let left = Result { () throws(CELEvaluationError) in try evaluate(lhs) }
        if case .success(.bool(absorbing)) = left { return .bool(absorbing) }
        let right = Result { () throws(CELEvaluationError) in try evaluate(rhs) }
        if case .success(.bool(absorbing)) = right { return .bool(absorbing) }
        for side in [left, right] {
            let value = try side.get()
            guard case .bool = value else {
                throw CELEvaluationError("no such overload: \(op.rawValue) applied to \(value.typeName)", offset: offset)
            }
        }
        return .bool(!absorbing)
    }

    /// `container[key]` for maps (string keys, compared by code point) and lists (int index, or
    /// an integral double).
    static func lookup(_ container: CELValue, _ key: CELValue, at offset: Int) throws(CELEvaluationError) -> CELValue {
        switch (container, key) {
        case (.map(let members), .string(let name)):
            guard let i = members.index(forKey: name),
                  members[i].key.unicodeScalars.elementsEqual(name.unicodeScalars)
            else { throw CELEvaluationError("no such key: '\(name)'", offset: offset) }
            return members[i].value
        case (.map, _):
            throw CELEvaluationError("no such key: \(key.literalText)", offset: offset)
        case (.list(let items), .int(let i)):
            guard i >= 0, i < items.count else { throw CELEvaluationError("index out of range: \(i)", offset: offset) }
            return items[Int(i)]
        case (.list, .double(let d)) where d == d.rounded(.towardZero) && abs(d) < 9.2e18:
            return try lookup(container, .int(Int64(d)), at: offset)
        default:
            throw CELEvaluationError(
                "no such overload: \(container.typeName)[\(key.typeName)]", offset: offset)
        }
    }
}
