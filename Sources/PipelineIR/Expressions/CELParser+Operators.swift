extension CELParserState.Pending {
    /// True for `(`, `name(` and `[`, which only a closing bracket completes.
    var isBracket: Bool {
        switch self {
        case .parenthesis, .call, .index: return true
        case .unary, .binary, .logical: return false
        }
    }

    /// True for a pending `!` or `-` (a long run of them is a too-deep tree in the making).
    var isUnary: Bool {
        if case .unary = self { return true }
        return false
    }

    /// Whether this pending operator must be completed before `op` is pushed.
    func completesBefore(_ op: CELBinaryOperator) -> Bool {
        switch self {
        case .unary: return true
        case .binary(let pending, _): return pending.precedence >= op.precedence
        case .logical(let pending, _): return pending.precedence > op.precedence
        case .parenthesis, .call, .index: return false
        }
    }
}

extension CELParserState {
    /// Pushes binary `op` after completing every pending operator that binds at least as tightly
    /// (all operators are left-associative); `&&`/`||` join an open chain of the same operator.
    mutating func pushBinary(_ op: CELBinaryOperator, at offset: Int) throws(CELError) {
        while let top = operators.last, top.completesBefore(op) { try reduceTop() }
        let isLogical = op == .and || op == .or
        if isLogical, case .logical(op, var offsets) = operators.last {
            offsets.append(offset)
            operators[operators.count - 1] = .logical(op, offsets: offsets)
        } else {
            operators.append(isLogical ? .logical(op, offsets: [offset]) : .binary(op, offset: offset))
        }
    }

    /// Completes pending operators down to the innermost open bracket.
    mutating func reduceOperators() throws(CELError) {
        while let top = operators.last, !top.isBracket { try reduceTop() }
    }

    /// Builds the node for the top pending operator from the operands it takes.
    mutating func reduceTop() throws(CELError) {
        switch operators.removeLast() {
        case .unary(let op, let offset):
            let operand = operands.removeLast()
            operands.append(try make(.unary(op, operand), at: offset))
        case .binary(let op, let offset):
            let rhs = operands.removeLast(), lhs = operands.removeLast()
            operands.append(try make(.binary(op, lhs, rhs), at: offset))
        case .logical(let op, let offsets):
            let terms = Array(operands.suffix(offsets.count + 1))
            operands.removeLast(terms.count)
            operands.append(try balance(op, terms[...], offsets))
        case .parenthesis, .call, .index:
            throw CELError("internal parser error: unbalanced brackets", offset: token.offset)
        }
    }

    /// A balanced tree over an `&&`/`||` chain (as cel-go builds it), so long Elif chains stay
    /// shallow; the operators are associative, including their error behaviour.
    /// `offsets[i]` is the operator between the chain's terms `i` and `i + 1`.
    func balance(_ op: CELBinaryOperator, _ terms: ArraySlice<CELExpression>, _ offsets: [Int])
        throws(CELError) -> CELExpression
    {
        if terms.count == 1 { return terms[terms.startIndex] }
        let mid = terms.startIndex + terms.count / 2
        let lhs = try balance(op, terms[..<mid], offsets)
        let rhs = try balance(op, terms[mid...], offsets)
        return try make(.binary(op, lhs, rhs), at: offsets[mid - 1])
    }
}
