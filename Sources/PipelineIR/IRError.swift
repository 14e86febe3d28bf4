import Basics

/// A problem in what the user gave (a pipeline document, its run parameters, a config file, a run or
/// task name), located by IR path, file position or option; always exit 65.
public struct IRError: TarmacError, Hashable {
    public let message: String
    public let location: Location?
    public let hint: String?

    public init(_ message: String, at location: Location?, hint: String? = nil) {
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// An error at an IR path of `file`.
    public init(_ message: String, file: String?, path: IRPath, hint: String? = nil) {
        self.init(message, at: .ir(file: file, path: path), hint: hint)
    }

    public var exitCode: ExitCode { .invalidInput }
}

/// Every problem found in one document, in the order found.
public struct IRErrors: Error, Sendable {
    /// The individual problems (never empty).
    public let errors: [IRError]

    public init(_ errors: [IRError]) { self.errors = errors }
}
