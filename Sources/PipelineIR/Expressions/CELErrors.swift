/// A CEL text that does not parse (thrown by `CELParser`), or an expression that failed to evaluate (thrown by
/// `CELEvaluator`: an undeclared name, a missing key, a bad conversion such as `int('abc')`, an operator applied
/// to the wrong kinds, or a non-bool condition), with the offset where it went wrong.
///
/// On the cluster an evaluation error fails the task (ir-semantics §3.2); it never means `false`.
/// The caller adds the IR path of the expression (e.g. `...triggerPolicy.condition`).
public struct CELError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `expected ')'` or `no such key: 'pipelinechannel--x'`.
    public let message: String
    /// 0-based offset into the text, counted in Unicode scalars (characters, for ASCII text); for an evaluation
    /// error, that of the sub-expression that failed (see `CELExpression.offset`).
    public let offset: Int

    /// An error at `offset`.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `expected ')' at offset 17`.
    public var description: String { "\(message) at offset \(offset)" }
}
