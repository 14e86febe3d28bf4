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

    public var code: Code
    public var message: String
    public var location: Location?
    public var hint: String?

    public init(_ code: Code, _ message: String, at location: Location? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// A failed environment means the task that needed it failed.
    public var exitCode: ExitCode { .taskFailed }

    public var description: String {
        [message, location.map { "at \($0)" }, hint.map { "hint: \($0)" }].compactMap { $0 }.joined(separator: "\n")
    }
}
