import Basics
import Foundation
import GRDB

/// Everything that can go wrong with a run store; the location is always the store file.
public struct RunStoreError: TarmacError, Equatable {
    /// What kind of failure, for callers that react to some of them.
    public enum Kind: Sendable, Hashable {
        /// No run id starts with the given prefix.
        case unknownRun
        /// Several run ids start with the given prefix.
        case ambiguousRun
        /// No artifact has the given id.
        case unknownArtifact
        /// The file was written by a newer tarmac whose schema this code does not know.
        case newerSchema
        /// The file is not a SQLite database, or is damaged.
        case notAStore
        /// Another process held the write lock for longer than the busy timeout.
        case locked
        /// The file or its directory cannot be created, opened or written.
        case access
        /// Any other SQLite failure (a broken constraint is a bug in the caller).
        case sqlite
    }

    /// What kind of failure.
    public let kind: Kind
    /// One sentence saying what is wrong.
    public let message: String
    /// `.path(store file)`.
    public let location: Location?
    /// What to do about it, if we know.
    public let hint: String?

    /// Makes an error located at the store file `path`.
    public init(_ kind: Kind, _ message: String, path: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.location = .path(path)
        self.hint = hint
    }

    /// A wrong id is a usage error; a foreign or newer file is invalid input; the rest is internal.
    public var exitCode: ExitCode {
        switch kind {
        case .unknownRun, .ambiguousRun, .unknownArtifact: return .usage
        case .newerSchema, .notAStore: return .invalidInput
        case .locked, .access, .sqlite: return .internalError
        }
    }
}

extension RunStoreError {
    /// Translates a GRDB/SQLite error raised while working on the store at `path`.
    static func wrapping(_ error: DatabaseError, path: String) -> RunStoreError {
        let detail = (error.message ?? "\(error.resultCode)") + " (\(error.extendedResultCode))"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return RunStoreError(.locked, "the run store stayed locked by another process: \(detail)", path: path,
                                 hint: "another tarmac held a write lock for over \(Int(RunStore.lockPatience)) s; retry")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return RunStoreError(.notAStore, "this file is not a tarmac run store, or it is damaged: \(detail)",
                                 path: path, hint: "move it aside or use another --store")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            return RunStoreError(.access, "cannot open or write the run store: \(detail)", path: path,
                                 hint: "check the permissions of the file and its directory")
        case .SQLITE_FULL, .SQLITE_IOERR:
            return RunStoreError(.access, "the run store could not be written: \(detail)", path: path,
                                 hint: "check free disk space")
        default:
            return RunStoreError(.sqlite, "SQLite failed on the run store: \(detail)", path: path,
                                 hint: "this is a bug in tarmac; please report it")
        }
    }

    /// Runs `body`, turning any GRDB error into a `RunStoreError` located at `path`.
    static func mapping<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RunStoreError {
            throw error
        } catch let error as DatabaseError {
            throw wrapping(error, path: path)
        } catch {
            throw RunStoreError(.access, "the run store failed: \(error)", path: path)
        }
    }
}
