/// Parses the CEL subset of ir-semantics §3 into a `CELExpression`.
///
/// Grammar, loosest first: `||` < `&&` < `== != < <= > >=` < `+ -` < unary `! -` < postfix
/// `.field`, `[index]`, and receiver-less calls `f(x, …)`. Literals: int (decimal or `0x` hex),
/// double (`4.5`, `1e-05`), strings (`'…'`, `"…"`, triple-quoted, `r'…'` raw, CEL escapes),
/// `true`, `false`, `null`. `//` comments and whitespace are ignored.
///
/// The parser is iterative (operator-precedence with explicit stacks), so its stack use does not
/// grow with the input; `maxDepth` still bounds bracket nesting and tree height.
public enum CELParser {
    /// The deepest bracket nesting and the tallest tree accepted. Trees are walked recursively
    /// elsewhere (equality, hashing, `description`), so this keeps those walks shallow.
    public static let maxDepth = 256

    /// Parses `text`; the whole text must be one expression.
    public static func parse(_ text: String) throws(CELError) -> CELExpression {
        var parser = try CELParserState(text)
        return try parser.parse()
    }

    /// The error for nesting beyond `maxDepth`.
    static func tooDeep(at offset: Int) -> CELError {
        CELError("expression nested too deeply (limit \(maxDepth))", offset: offset)
    }
}

/// The state of one parse: the token stream, pending operators and finished operands.
struct CELParserState {
    /// A pending operator or open bracket.
    enum Pending {
        /// A prefix operator waiting for its operand.
        case unary(CELUnaryOperator, offset: Int)
        /// A relational or additive operator waiting for its right operand.
        case binary(CELBinaryOperator, offset: Int)
        /// An `&&` or `||` chain of `offsets.count + 1` operands, built balanced when reduced.
        case logical(CELBinaryOperator, offsets: [Int])
        /// A grouping `(`.
        case parenthesis(offset: Int)
        /// `name(`; the arguments are the operands above `base`.
        case call(String, offset: Int, base: Int)
        /// An index `[`; its base is the operand below the index expression.
        case index(offset: Int)
    }

    /// The token source.
    var lexer: CELLexer
    /// The current (not yet consumed) token.
    var token: CELToken
    /// Pending operators and open brackets, innermost last.
    var operators: [Pending] = []
    /// Finished sub-expressions, rightmost last.
    var operands: [CELExpression] = []
    /// How many brackets are open (bounded by `CELParser.maxDepth`).
    var openBrackets = 0

    /// A parser positioned at the first token of `text`.
    init(_ text: String) throws(CELError) {
        lexer = CELLexer(text)
        token = try lexer.next()
    }

    /// Consumes the current token.
    mutating func advance() throws(CELError) { token = try lexer.next() }

    /// A node, rejected if the tree would grow taller than `CELParser.maxDepth`.
    func make(_ node: CELExpression.Node, at offset: Int) throws(CELError) -> CELExpression {
        let expression = CELExpression(node, offset: offset)
        guard expression.height <= CELParser.maxDepth else { throw CELParser.tooDeep(at: offset) }
        return expression
    }

    /// Alternates between expecting an operand and expecting an operator until the end.
    mutating func parse() throws(CELError) -> CELExpression {
        var expectOperand = true
        while true {
            if expectOperand {
                expectOperand = try operandStep()
            } else if token.kind == .end {
                return try finish()
            } else {
                expectOperand = try operatorStep()
            }
        }
    }

    /// In operand position: a prefix operator, an opening bracket, or an operand. Returns
    /// whether an operand is still expected.
    mutating func operandStep() throws(CELError) -> Bool {
        let start = token
        switch start.kind {
        case .punctuation("!"), .punctuation("-"):
            try advance()
            if start.text == "-", let literal = try negativeLiteral(at: start.offset) {
                operands.append(literal)
                return false
            }
            if operators.count >= CELParser.maxDepth, operators.suffix(CELParser.maxDepth).allSatisfy(\.isUnary) {
                throw CELParser.tooDeep(at: start.offset)
            }
            operators.append(.unary(start.text == "!" ? .not : .negate, offset: start.offset))
            return true
        case .punctuation("("):
            try open(.parenthesis(offset: start.offset))
            return true
        case .identifier(let name):
            try advance()
            guard token.isPunctuation("(") else {
                operands.append(try make(CELParserState.identifierNode(name), at: start.offset))
                return false
            }
            return try openCall(name, at: start.offset)
        default:
            operands.append(try make(.literal(try literalValue(start)), at: start.offset))
            try advance()
            return false
        }
    }

    /// In operator position: a binary operator, a postfix, or a closing bracket. Returns whether
    /// an operand is expected next.
    mutating func operatorStep() throws(CELError) -> Bool {
        switch token.kind {
        case .punctuation(let p) where CELBinaryOperator(rawValue: p) != nil:
            try pushBinary(CELBinaryOperator(rawValue: p)!, at: token.offset)
            try advance()
            return true
        case .punctuation("."):
            try selectField()
            return false
        case .punctuation("["):
            try open(.index(offset: token.offset))
            return true
        case .punctuation(")"), .punctuation("]"):
            try close()
            return false
        case .punctuation(","):
            try nextArgument()
            return true
        default:
            throw unexpectedInOperatorPosition()
        }
    }

    /// The whole text is consumed: no bracket may still be open.
    mutating func finish() throws(CELError) -> CELExpression {
        try reduceOperators()
        guard operators.isEmpty else { throw unexpectedInOperatorPosition() }
        guard operands.count == 1, let result = operands.first else {
            throw CELError("internal parser error: \(operands.count) operands left", offset: token.offset)
        }
        return result
    }
}
