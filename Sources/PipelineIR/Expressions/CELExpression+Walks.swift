extension CELExpression: Hashable {
    /// Structural equality, offsets included; iterative.
    public static func == (lhs: CELExpression, rhs: CELExpression) -> Bool {
        var work = [(lhs, rhs)]
        while let (a, b) = work.popLast() {
            guard a.offset == b.offset, a.height == b.height, a.node.sameLabel(as: b.node) else { return false }
            work.append(contentsOf: zip(a.node.children, b.node.children))
        }
        return true
    }

    /// Hashes the nodes in pre-order; iterative.
    public func hash(into hasher: inout Hasher) {
        var work = [self]
        while let expression = work.popLast() {
            hasher.combine(expression.offset)
            expression.node.hashLabel(into: &hasher)
            work.append(contentsOf: expression.node.children.reversed())
        }
    }
}

extension CELExpression.Node {
    /// Equal kind and payload, ignoring children (which have the same count when this is true).
    func sameLabel(as other: CELExpression.Node) -> Bool {
        switch (self, other) {
        case (.literal(let a), .literal(let b)): return a == b
        case (.identifier(let a), .identifier(let b)): return a == b
        case (.member(_, let a), .member(_, let b)): return a == b
        case (.index, .index): return true
        case (.call(let f, let a), .call(let g, let b)): return f == g && a.count == b.count
        case (.unary(let a, _), .unary(let b, _)): return a == b
        case (.binary(let a, _, _), .binary(let b, _, _)): return a == b
        default: return false
        }
    }

    /// Hashes the kind and payload, not the children (the tree walk visits those).
    func hashLabel(into hasher: inout Hasher) {
        switch self {
        case .literal(let value): hasher.combine(0); hasher.combine(value)
        case .identifier(let name): hasher.combine(1); hasher.combine(name)
        case .member(_, let field): hasher.combine(2); hasher.combine(field)
        case .index: hasher.combine(3)
        case .call(let function, let arguments): hasher.combine(4); hasher.combine(function); hasher.combine(arguments.count)
        case .unary(let op, _): hasher.combine(5); hasher.combine(op)
        case .binary(let op, _, _): hasher.combine(6); hasher.combine(op)
        }
    }
}

extension CELExpression: CustomStringConvertible {
    /// A fully parenthesised CEL rendering that parses back to the same shape (offsets aside),
    /// e.g. `((a + b) == c)`; built iteratively.
    public var description: String {
        enum Piece { case text(String), expression(CELExpression) }
        var out = ""
        var work: [Piece] = [.expression(self)]
        while let piece = work.popLast() {
            guard case .expression(let expression) = piece else {
                if case .text(let text) = piece { out += text }
                continue
            }
            let pieces: [Piece]
            switch expression.node {
            case .literal(let value): pieces = [.text(value.literalText)]
            case .identifier(let name): pieces = [.text(name)]
            case .member(let operand, let field): pieces = [.expression(operand), .text(".\(field)")]
            case .index(let operand, let index):
                pieces = [.expression(operand), .text("["), .expression(index), .text("]")]
            case .call(let function, let arguments):
                var parts: [Piece] = [.text("\(function)(")]
                for (i, argument) in arguments.enumerated() {
                    parts += i == 0 ? [.expression(argument)] : [.text(", "), .expression(argument)]
                }
                pieces = parts + [.text(")")]
            case .unary(let op, let operand): pieces = [.text("(\(op.rawValue)"), .expression(operand), .text(")")]
            case .binary(let op, let lhs, let rhs):
                pieces = [.text("("), .expression(lhs), .text(" \(op.rawValue) "), .expression(rhs), .text(")")]
            }
            work.append(contentsOf: pieces.reversed())
        }
        return out
    }
}
