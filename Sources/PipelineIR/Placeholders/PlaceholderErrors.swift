/// A malformed placeholder or `Concat`/`IfPresent` structure; the caller adds the IR path.
public struct PlaceholderSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `unknown placeholder '{{$.foo}}'`.
    public let message: String
    /// Where in the argument the problem starts, when known: Unicode scalars into a template string,
    /// UTF-8 bytes into a Concat/IfPresent JSON text.
    public let offset: Int?

    /// An error saying `message`, optionally at `offset`.
    public init(_ message: String, offset: Int? = nil) {
        self.message = message
        self.offset = offset
    }

    /// The message, with the offset when known.
    public var description: String {
        offset.map { "\(message) (at offset \($0))" } ?? message
    }
}

/// A placeholder that has no value for this execution, e.g. `input parameter 'x' has no value`.
public struct PlaceholderResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is missing or wrong.
    public let message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
