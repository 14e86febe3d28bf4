import Basics

/// A content-store operation that failed, with the path or object it concerns.
public struct ContentStoreError: TarmacError {
    /// One sentence saying what is wrong.
    public let message: String
    /// The file or object concerned.
    public let location: Location?

    /// An error about `path`.
    public init(_ message: String, path: String) {
        self.message = message
        self.location = .path(path)
    }

    /// Store problems are not the user's input: internal-error exit code unless a caller maps them.
    public var exitCode: ExitCode { .internalError }
}
