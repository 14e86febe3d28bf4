/// The tree walk behind `CELEvaluator`. It is iterative (an explicit work stack), so evaluation
/// never recurses. Expressions have no side effects, so both sides of `&&`/`||` are evaluated and
/// combined with CEL's commutative error rules.
struct CELInterpreter {
    /// The bound variables.
    let variables: [String: CELValue]

    /// A sub-expression's value or error, kept so `&&`/`||` can absorb errors.
    typealias Outcome = Result<CELValue, CELError>

    /// Evaluates `root` in post-order with an explicit stack.
    func evaluate(_ root: CELExpression) throws(CELError) -> CELValue {
        var work: [(expression: CELExpression, childrenDone: Bool)] = [(root, false)]
        var outcomes: [Outcome] = []
        while let (expression, childrenDone) = work.popLast() {
            let children = expression.node.children
            if !childrenDone, !children.isEmpty {
                work.append((expression, true))
                work.append(contentsOf: children.reversed().map { ($0, false) })
                continue
            }
            let inputs = Array(outcomes.suffix(children.count))
            outcomes.removeLast(children.count)
            outcomes.append(Result { () throws(CELError) in try apply(expression, inputs) })
        }
        return try outcomes[0].get()
    }

    /// One node, given its children's outcomes; strict except for `&&` and `||`.
    func apply(_ expression: CELExpression, _ inputs: [Outcome]) throws(CELError) -> CELValue {
        let offset = expression.offset
        switch expression.node {
        case .literal(let value):
            return value
        case .identifier(let name):
            guard let value = variables[name] else {
                throw CELError("no such attribute: '\(name)' is not set", offset: offset)
            }
            return value
        case .member(_, let field):
            let container = try inputs[0].get()
            guard case .map = container else {
                throw CELError("cannot select field '\(field)' of a \(container.typeName)", offset: offset)
            }
            return try CELInterpreter.lookup(container, .string(field), at: offset)
        case .index:
            let container = try inputs[0].get()
            return try CELInterpreter.lookup(container, try inputs[1].get(), at: offset)
        case .call(let function, _):
            var values: [CELValue] = []
            for input in inputs { values.append(try input.get()) }
            return try CELFunctions.call(function, values, at: offset)
        case .unary(let op, _):
            return try CELOperators.apply(op, try inputs[0].get(), at: offset)
        case .binary(let op, _, _) where op == .and || op == .or:
            return try CELInterpreter.logical(op, inputs[0], inputs[1], at: offset)
        case .binary(let op, _, _):
            let left = try inputs[0].get()
            return try CELOperators.apply(op, left, try inputs[1].get(), at: offset)
        }
    }

    /// CEL's commutative `&&`/`||`: a side equal to the absorbing value (`false` for `&&`, `true`
    /// for `||`) decides the result even if the other side is an error or not a bool; otherwise
    /// the left side's error wins.
    static func logical(_ op: CELBinaryOperator, _ left: Outcome, _ right: Outcome, at offset: Int)
        throws(CELError) -> CELValue
    {
        let absorbing = op == .or
        for side in [left, right] {
            if case .success(.bool(absorbing)) = side { return .bool(absorbing) }
        }
        for side in [left, right] {
            let value = try side.get()
            guard case .bool = value else {
                throw CELError("no such overload: \(op.rawValue) applied to \(value.typeName)", offset: offset)
            }
        }
        return .bool(!absorbing)
    }
}

extension CELInterpreter {
    /// `container[key]` for maps (string keys, compared by code point) and lists (int index, or
    /// an integral double).
    static func lookup(_ container: CELValue, _ key: CELValue, at offset: Int) throws(CELError) -> CELValue {
        switch (container, key) {
        case (.map(let members), .string(let name)):
            guard let i = members.index(forKey: name),
                  members[i].key.unicodeScalars.elementsEqual(name.unicodeScalars)
            else { throw CELError("no such key: '\(name)'", offset: offset) }
            return members[i].value
        case (.map, _):
            let shown: String
            switch key {
            case .list, .map: shown = "a \(key.typeName)"
            default: shown = key.literalText
            }
            throw CELError("no such key: \(shown)", offset: offset)
        case (.list(let items), .int(let i)):
            guard i >= 0, i < items.count else { throw CELError("index out of range: \(i)", offset: offset) }
            return items[Int(i)]
        case (.list, .double(let d)) where d == d.rounded(.towardZero) && abs(d) < 9.2e18:
            return try lookup(container, .int(Int64(d)), at: offset)
        default:
            throw CELError("no such overload: \(container.typeName)[\(key.typeName)]", offset: offset)
        }
    }
}
