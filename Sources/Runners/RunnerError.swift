import Basics

/// The one error type of Runners. Processes that start and fail are outcomes, not errors; this is
/// for the work Runners does around them, such as building a Python environment.
public struct RunnerError: TarmacError, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: Sendable, Hashable {
        /// `python -m venv` or a `pip install` failed; the log holds its output.
        case environmentSetupFailed
        /// A file or directory of a store could not be created, locked or written.
        case fileSystem
    }

    /// What kind of failure.
    public var code: Code
    /// What failed; for a failed command, its last output lines and the log path.
    public var message: String
    /// The log file, or the file or directory that could not be used.
    public var location: Location?
    /// What to do about it, when known.
    public var hint: String?

    /// An error of kind `code` at `location`.
    public init(_ code: Code, _ message: String, at location: Location? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// A failed environment means the task that needed it failed.
    public var exitCode: ExitCode { .taskFailed }

    /// The message, location and hint on separate lines (for logs and test failures).
    public var description: String {
        [message, location.map { "at \($0)" }, hint.map { "hint: \($0)" }].compactMap { $0 }.joined(separator: "\n")
    }
}
