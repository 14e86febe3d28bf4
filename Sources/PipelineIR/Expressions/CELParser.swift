/// Parses the CEL subset of ir-semantics §3 into a `CELExpression`.
///
/// Grammar, loosest first: `||` < `&&` < `== != < <= > >=` < `+ -` < unary `! -` < postfix
/// `.field`, `[index]`, and receiver-less calls `f(x, …)`. Literals: int (decimal or `0x` hex),
/// double (`4.5`, `1e-05`), strings (`'…'`, `"…"`, triple-quoted, `r'…'` raw, CEL escapes),
/// `true`, `false`, `null`. `//` comments and whitespace are ignored.
public enum CELParser {
    /// The deepest nesting accepted, both while parsing (parentheses, unary chains) and in the
    /// resulting tree, so hostile input cannot exhaust the stack here or in evaluation.
    public static let maxDepth = 256

    /// Parses `text`; the whole text must be one expression.
    public static func parse(_ text: String) throws(CELSyntaxError) -> CELExpression {
        var parser = try CELParserState(text)
        let expression = try parser.parseExpression()
        guard parser.token.kind == .end else {
            throw CELSyntaxError("unexpected \(parser.token.display)", offset: parser.token.offset)
        }
        return expression
    }

    static func tooDeep(at offset: Int) -> CELSyntaxError {
        CELSyntaxError("expression nested too deeply (limit \(maxDepth))", offset: offset)
    }
}

/// A recursive-descent parser over a lazily lexed token stream, with one token of lookahead.
struct CELParserState {
    var lexer: CELLexer
    var token: CELToken
    var depth = 0

    init(_ text: String) throws(CELSyntaxError) {
        lexer = CELLexer(text)
        token = try lexer.next()
    }

    mutating func advance() throws(CELSyntaxError) { token = try lexer.next() }

    mutating func expect(_ punctuation: String) throws(CELSyntaxError) {
        guard token.isPunctuation(punctuation) else {
            throw CELSyntaxError("expected '\(punctuation)'", offset: token.offset)
        }
        try advance()
    }

    /// Counts one level of recursion; callers undo it with `depth -= 1`.
    mutating func enter() throws(CELSyntaxError) {
        depth += 1
        if depth > CELParser.maxDepth { throw CELParser.tooDeep(at: token.offset) }
    }

    func make(_ node: CELExpression.Node, at offset: Int) throws(CELSyntaxError) -> CELExpression {
        let expression = CELExpression(node, offset: offset)
        guard expression.height <= CELParser.maxDepth else { throw CELParser.tooDeep(at: offset) }
        return expression
    }

    mutating func parseExpression() throws(CELSyntaxError) -> CELExpression {
        try enter()
        defer { depth -= 1 }
        return try parseLogical(.or)
    }

    /// An `||` or `&&` chain, built as a balanced tree (as cel-go does) so long Elif chains stay
    /// shallow; the operators are associative, including their error behaviour.
    mutating func parseLogical(_ op: CELBinaryOperator) throws(CELSyntaxError) -> CELExpression {
        var terms = [try parseLogicalOperand(op)]
        var offsets: [Int] = []
        while token.isPunctuation(op.rawValue) {
            offsets.append(token.offset)
            try advance()
            terms.append(try parseLogicalOperand(op))
        }
        return try balance(op, terms[...], offsets)
    }

    mutating func parseLogicalOperand(_ op: CELBinaryOperator) throws(CELSyntaxError) -> CELExpression {
        op == .or ? try parseLogical(.and) : try parseLeftAssociative(precedence: 3)
    }

    /// `offsets[i]` is the operator between `terms[i]` and `terms[i + 1]`.
    func balance(_ op: CELBinaryOperator, _ terms: ArraySlice<CELExpression>, _ offsets: [Int])
        throws(CELSyntaxError) -> CELExpression
    {
        if terms.count == 1 { return terms[terms.startIndex] }
        let mid = terms.startIndex + terms.count / 2
        let lhs = try balance(op, terms[..<mid], offsets)
        let rhs = try balance(op, terms[mid...], offsets)
        return try make(.binary(op, lhs, rhs), at: offsets[mid - 1])
    }

    /// Relations (precedence 3) and additive operators (precedence 4), left-associative.
    mutating func parseLeftAssociative(precedence: Int) throws(CELSyntaxError) -> CELExpression {
        var lhs = try parseTighter(than: precedence)
        while case .punctuation(let p) = token.kind, let op = CELBinaryOperator(rawValue: p),
              op.precedence == precedence
        {
            let offset = token.offset
            try advance()
            let rhs = try parseTighter(than: precedence)
            lhs = try make(.binary(op, lhs, rhs), at: offset)
        }
        return lhs
    }

    mutating func parseTighter(than precedence: Int) throws(CELSyntaxError) -> CELExpression {
        precedence < 4 ? try parseLeftAssociative(precedence: precedence + 1) : try parseUnary()
    }

    mutating func parseUnary() throws(CELSyntaxError) -> CELExpression {
        guard case .punctuation(let p) = token.kind, p == "!" || p == "-" else {
            return try parsePostfix(try parsePrimary())
        }
        try enter()
        defer { depth -= 1 }
        let offset = token.offset
        try advance()
        if p == "-", let literal = try negativeLiteral(at: offset) {
            return try parsePostfix(literal)
        }
        let operand = try parseUnary()
        return try make(.unary(p == "!" ? .not : .negate, operand), at: offset)
    }

    /// `-` directly before a number literal folds into it, so `-9223372036854775808` is valid.
    mutating func negativeLiteral(at offset: Int) throws(CELSyntaxError) -> CELExpression? {
        let value: CELValue
        switch token.kind {
        case .int(let magnitude):
            guard magnitude <= UInt64(Int64.max) + 1 else {
                throw CELSyntaxError("integer literal out of range", offset: token.offset)
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
}
