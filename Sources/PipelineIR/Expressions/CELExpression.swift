/// A parsed expression in the CEL subset KFP uses for `triggerPolicy.condition` and
/// `parameterExpressionSelector` (ir-semantics §3). Build one with `CELParser.parse(_:)`.
///
/// Every node remembers the offset of the source text it came from, so evaluation errors can
/// point at the failing part, and its `height` (1 for a leaf). Equality, hashing and
/// `description` walk the tree iteratively, so even a tall tree needs little stack.
public struct CELExpression: Sendable {
    /// The kinds of node.
    public indirect enum Node: Sendable, Hashable {
        /// A constant: null, bool, int, double or string (never a list or map).
        case literal(CELValue)
        /// A variable such as `inputs`.
        case identifier(String)
        /// Field selection `operand.field` (a map lookup of the key `field`).
        case member(CELExpression, field: String)
        /// Indexing `operand[index]` of a map or list.
        case index(CELExpression, CELExpression)
        /// A receiver-less call such as `int(x)`.
        case call(function: String, arguments: [CELExpression])
        /// `!x` or `-x`.
        case unary(CELUnaryOperator, CELExpression)
        /// `lhs op rhs`.
        case binary(CELBinaryOperator, CELExpression, CELExpression)
    }

    /// What this node is.
    public let node: Node
    /// 0-based offset (in Unicode scalars) of the node's token: operators point at the operator,
    /// calls at the function name, member/index at the `.`/`[`.
    public let offset: Int
    /// Levels in this tree: 1 for a leaf.
    public let height: Int

    /// A node at `offset`; `height` is derived from the children.
    public init(_ node: Node, offset: Int) {
        self.node = node
        self.offset = offset
        self.height = 1 + node.children.reduce(0) { max($0, $1.height) }
    }

}

extension CELExpression.Node {
    /// The direct sub-expressions, left to right.
    public var children: [CELExpression] {
        switch self {
        case .literal, .identifier: return []
        case .member(let operand, _): return [operand]
        case .index(let operand, let index): return [operand, index]
        case .call(_, let arguments): return arguments
        case .unary(_, let operand): return [operand]
        case .binary(_, let lhs, let rhs): return [lhs, rhs]
        }
    }
}

/// A prefix operator.
public enum CELUnaryOperator: String, Sendable, Hashable {
    /// Logical not (bool only).
    case not = "!"
    /// Arithmetic negation (int or double).
    case negate = "-"
}

/// An infix operator of the subset, with CEL's precedence.
public enum CELBinaryOperator: String, Sendable, Hashable, CaseIterable {
    /// Logical or, commutative over errors.
    case or = "||"
    /// Logical and, commutative over errors.
    case and = "&&"
    /// Equality (numbers across int/double; other mixed kinds are unequal).
    case equal = "=="
    /// Negated equality.
    case notEqual = "!="
    /// Ordering of numbers, strings (by code point) or bools.
    case less = "<"
    /// Ordering, inclusive.
    case lessOrEqual = "<="
    /// Ordering.
    case greater = ">"
    /// Ordering, inclusive.
    case greaterOrEqual = ">="
    /// int + int, double + double, string + string, list + list.
    case add = "+"
    /// int - int or double - double.
    case subtract = "-"

    /// Binding strength: `||` 1 < `&&` 2 < relations 3 < additive 4 (unary and postfix bind tighter).
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 3
        case .add, .subtract: return 4
        }
    }
}
