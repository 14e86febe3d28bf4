/// Why one task execution could not be prepared or its outputs collected. The engine adds the task
/// location (run, task key, iteration) when it reports the error.
public struct InvocationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One sentence saying what is wrong.
    public let message: String
    /// An optional suggestion.
    public let hint: String?

    /// An error saying `message`, with an optional `hint`.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// The message (and hint, when there is one).
    public var description: String {
        hint.map { "\(message) (hint: \($0))" } ?? message
    }
}
