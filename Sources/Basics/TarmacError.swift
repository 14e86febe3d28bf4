/// Where a problem is: the one vocabulary every error uses, rendered in one place (TarmacCommands).
public enum Location: Sendable, Hashable, CustomStringConvertible {
    /// A node of an IR document, with the file it came from when known.
    case ir(file: String?, path: IRPath)
    /// A position in a text file (1-based line and column).
    case file(path: String, line: Int, column: Int)
    /// A whole file.
    case path(String)
    /// A command-line option or argument, e.g. `--param lr`, as the caller spelled it.
    case option(String)
    /// A run option by key, with its argument (`only`, `deploy`): the renderer spells the key (`--only deploy`).
    case runOption(OptionKey, argument: String? = nil)

    public var description: String {
        switch self {
        case .ir(let file, let path):
            let p = path.description.isEmpty ? "(document root)" : path.description
            return file.map { "\($0): \(p)" } ?? p
        case .file(let path, let line, let column): return "\(path):\(line):\(column)"
        case .path(let path): return path
        case .option(let option): return option
        case .runOption(let key, let argument): return argument.map { "\(key.rawValue) \($0)" } ?? key.rawValue
        }
    }
}

/// Exit codes, the same for every command (documented in the README).
public enum ExitCode: Int32, Sendable {
    case success = 0
    case taskFailed = 1
    case usage = 2
    case invalidInput = 65
    case internalError = 70
    /// The machine, not the pipeline: a store that cannot be created, opened or written (read-only,
    /// a directory, no space left), or a damaged store (`tarmac store check`).
    case environment = 74
    case interrupted = 130
}

/// An error a user can act on: what happened, where, and optionally what to do.
public protocol TarmacError: Error, Sendable {
    /// One sentence saying what is wrong.
    var message: String { get }
    /// Where it is wrong, if anywhere in particular.
    var location: Location? { get }
    /// An optional suggestion.
    var hint: String? { get }
    /// The process exit code this error leads to.
    var exitCode: ExitCode { get }
}

extension TarmacError {
    public var hint: String? { nil }
    public var exitCode: ExitCode { .invalidInput }
}
