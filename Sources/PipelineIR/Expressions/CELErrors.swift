/// A CEL text that does not parse, with the offset where it went wrong.
///
/// The caller adds the IR path of the expression (e.g. `...triggerPolicy.condition`).
public struct CELSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `expected ')'`.
    public let message: String
    /// 0-based offset into the text, counted in Unicode scalars (characters, for ASCII text).
    public let offset: Int

    /// A syntax error at `offset`.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `expected ')' at offset 17`.
    public var description: String { "\(message) at offset \(offset)" }
}

/// A CEL expression that failed to evaluate: an undeclared name, a missing key, a bad
/// conversion such as `int('abc')`, an operator applied to the wrong kinds, or a non-bool condition.
///
/// On the cluster any of these fails the task (ir-semantics §3.2); it never means `false`.
public struct CELEvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed, e.g. `no such key: 'pipelinechannel--x'`.
    public let message: String
    /// 0-based offset of the sub-expression that failed (see `CELExpression.offset`).
    public let offset: Int

    /// An evaluation error for the sub-expression at `offset`.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `no such key: 'x' at offset 0`.
    public var description: String { "\(message) at offset \(offset)" }
}
