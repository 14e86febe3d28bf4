extension CELParserState {
    /// `true`, `false` and `null` are literals; other names are identifiers.
    static func identifierNode(_ name: String) -> CELExpression.Node {
        switch name {
        case "true": return .literal(.bool(true))
        case "false": return .literal(.bool(false))
        case "null": return .literal(.null)
        default: return .identifier(name)
        }
    }

    /// The value of a literal token; anything else is unexpected in operand position.
    func literalValue(_ token: CELToken) throws(CELError) -> CELValue {
        switch token.kind {
        case .int(let magnitude):
            guard magnitude <= UInt64(Int64.max) else {
                throw CELError("integer literal out of range", offset: token.offset)
            }
            return .int(Int64(magnitude))
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        default: throw CELError("unexpected \(token.display)", offset: token.offset)
        }
    }

    /// `-` directly before a number literal folds into it, so `-9223372036854775808` is valid.
    mutating func negativeLiteral(at offset: Int) throws(CELError) -> CELExpression? {
        let value: CELValue
        switch token.kind {
        case .int(let magnitude):
            guard magnitude <= UInt64(Int64.max) + 1 else {
                throw CELError("integer literal out of range", offset: token.offset)
            }
            value = .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        case .double(let d):
            value = .double(-d)
        default:
            return nil
        }
        try advance()
        return try make(.literal(value), at: offset)
    }

    /// Pushes an opening bracket (the current token) and consumes it.
    mutating func open(_ bracket: Pending) throws(CELError) {
        openBrackets += 1
        if openBrackets > CELParser.maxDepth { throw CELParser.tooDeep(at: token.offset) }
        operators.append(bracket)
        try advance()
    }

    /// `name(` with the current token at `(`; an empty argument list completes at once.
    mutating func openCall(_ name: String, at offset: Int) throws(CELError) -> Bool {
        try open(.call(name, offset: offset, base: operands.count))
        guard token.isPunctuation(")") else { return true }
        try close()
        return false
    }

    /// `.field` applies to the operand just finished (postfix binds tighter than unary).
    mutating func selectField() throws(CELError) {
        let offset = token.offset
        try advance()
        guard case .identifier(let field) = token.kind else {
            throw CELError("expected a field name after '.'", offset: token.offset)
        }
        try advance()
        if token.isPunctuation("(") {
            throw CELError("receiver-style call '.\(field)()' is not supported", offset: offset)
        }
        let base = operands.removeLast()
        operands.append(try make(.member(base, field: field), at: offset))
    }

    /// `,` inside a call's argument list.
    mutating func nextArgument() throws(CELError) {
        try reduceOperators()
        guard case .call = operators.last else { throw unexpectedInOperatorPosition() }
        try advance()
    }

    /// `)` or `]`: completes the innermost bracket, which must match.
    mutating func close() throws(CELError) {
        try reduceOperators()
        let closing = token.text
        switch (closing, operators.last) {
        case (")", .parenthesis):
            break
        case (")", .call(let name, let offset, let base)):
            let arguments = Array(operands[base...])
            operands.removeLast(arguments.count)
            operands.append(try make(.call(function: name, arguments: arguments), at: offset))
        case ("]", .index(let offset)):
            let index = operands.removeLast(), base = operands.removeLast()
            operands.append(try make(.index(base, index), at: offset))
        default:
            throw unexpectedInOperatorPosition()
        }
        operators.removeLast()
        openBrackets -= 1
        try advance()
    }

    /// What the innermost open bracket wanted instead of the current token.
    func unexpectedInOperatorPosition() -> CELError {
        let message: String
        switch operators.last(where: \.isBracket) {
        case .parenthesis: message = "expected ')'"
        case .call: message = "expected ',' or ')'"
        case .index: message = "expected ']'"
        default: message = "unexpected \(token.display)"
        }
        return CELError(message, offset: token.offset)
    }
}
