extension CELParserState {
    /// `.field` and `[index]` suffixes; `.f(…)` (receiver-style calls) is rejected.
    mutating func parsePostfix(_ base: CELExpression) throws(CELSyntaxError) -> CELExpression {
        var expression = base
        while true {
            let offset = token.offset
            if token.isPunctuation(".") {
                try advance()
                guard case .identifier(let field) = token.kind else {
                    throw CELSyntaxError("expected a field name after '.'", offset: token.offset)
                }
                try advance()
                if token.isPunctuation("(") {
                    throw CELSyntaxError("receiver-style call '.\(field)()' is not supported", offset: offset)
                }
                expression = try make(.member(expression, field: field), at: offset)
            } else if token.isPunctuation("[") {
                try advance()
                let index = try parseExpression()
                try expect("]")
                expression = try make(.index(expression, index), at: offset)
            } else {
                return expression
            }
        }
    }

    /// A literal, an identifier, a call `f(…)`, or a parenthesised expression.
    mutating func parsePrimary() throws(CELSyntaxError) -> CELExpression {
        let start = token
        switch start.kind {
        case .int(let magnitude):
            guard magnitude <= UInt64(Int64.max) else {
                throw CELSyntaxError("integer literal out of range", offset: start.offset)
            }
            try advance()
            return try make(.literal(.int(Int64(magnitude))), at: start.offset)
        case .double(let d):
            try advance()
            return try make(.literal(.double(d)), at: start.offset)
        case .string(let s):
            try advance()
            return try make(.literal(.string(s)), at: start.offset)
        case .identifier(let name):
            try advance()
            if token.isPunctuation("(") { return try parseCall(name, at: start.offset) }
            switch name {
            case "true": return try make(.literal(.bool(true)), at: start.offset)
            case "false": return try make(.literal(.bool(false)), at: start.offset)
            case "null": return try make(.literal(.null), at: start.offset)
            default: return try make(.identifier(name), at: start.offset)
            }
        case .punctuation("("):
            try advance()
            let inner = try parseExpression()
            try expect(")")
            return inner
        default:
            throw CELSyntaxError("unexpected \(start.display)", offset: start.offset)
        }
    }

    /// The argument list of `function(`, with the current token at `(`.
    mutating func parseCall(_ function: String, at offset: Int) throws(CELSyntaxError) -> CELExpression {
        try advance()
        var arguments: [CELExpression] = []
        if token.isPunctuation(")") {
            try advance()
        } else {
            while true {
                arguments.append(try parseExpression())
                if token.isPunctuation(",") {
                    try advance()
                } else if token.isPunctuation(")") {
                    try advance()
                    break
                } else {
                    throw CELSyntaxError("expected ',' or ')'", offset: token.offset)
                }
            }
        }
        return try make(.call(function: function, arguments: arguments), at: offset)
    }
}
