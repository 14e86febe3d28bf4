import Basics
import Foundation
import GRDB

/// Everything that can go wrong with a run store; the location is always the store file.
public struct RunStoreError: TarmacError, Equatable, CustomStringConvertible {
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
        /// The file is not a SQLite database, or a SQLite database of another program (no `store_meta`).
        case notAStore
        /// The file is a tarmac store whose pages are damaged.
        case damaged
        /// The file is empty (0 bytes) while the store's directories hold earlier runs' files: its history is lost.
        case lostHistory
        /// Another process held the write lock for longer than the busy timeout.
        case locked
        /// The file or its directory cannot be created, opened or written.
        case access
        /// The file system holding the store is full.
        case noSpace
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

    /// A wrong id is a usage error; a foreign or newer file is invalid input; a damaged, unwritable, full
    /// or locked store is the environment; only an unexpected SQLite failure is internal.
    public var exitCode: ExitCode {
        switch kind {
        case .unknownRun, .ambiguousRun, .unknownArtifact: return .usage
        case .newerSchema, .notAStore: return .invalidInput
        case .damaged, .lostHistory, .locked, .access, .noSpace: return .environment
        case .sqlite: return .internalError
        }
    }

    /// The message, where it is and the hint, in one line (for warnings that interpolate the error).
    public var description: String {
        var text = message
        if case .path(let path)? = location, !message.contains(path) { text += " (\(path))" }
        if let hint { text += "; hint: \(hint)" }
        return text
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
        case .SQLITE_NOTADB:
            return RunStoreError(.notAStore, "this file is not a SQLite database, so not a tarmac run store: \(detail)",
                                 path: path, hint: "tarmac did not write to it; use another --store, or move the file aside if it is not needed")
        case .SQLITE_CORRUPT:
            return damaged(detail, path: path)
        case .SQLITE_READONLY:
            return RunStoreError(.access, "the run store is read-only: \(detail)", path: path,
                                 hint: "make the file, its directory and its file system writable, or pass --store DIR (or set TARMAC_STORE) to a writable directory")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return RunStoreError(.access, "cannot open or write the run store: \(detail)", path: path,
                                 hint: "check the permissions of the file and its directory, or pass --store DIR (or set TARMAC_STORE) to a writable directory")
        case .SQLITE_FULL:
            return noSpace(path: path)
        case .SQLITE_IOERR:
            return RunStoreError(.access, "the run store could not be read or written: \(detail)", path: path,
                                 hint: "check the disk and free space")
        default:
            return RunStoreError(.sqlite, "SQLite failed on the run store: \(detail)", path: path,
                                 hint: "this is a bug in tarmac; please report it")
        }
    }

    /// The error for damaged pages found while reading or checking the store.
    static func damaged(_ detail: String, path: String) -> RunStoreError {
        RunStoreError(.damaged, "the run store is damaged: \(detail)", path: path,
                      hint: "run `tarmac store check` to see what; `tarmac store repair` backs the file up first, then rebuilds its indexes")
    }

    /// The error for a full file system under the store.
    static func noSpace(path: String) -> RunStoreError {
        RunStoreError(.noSpace, "no space left on device under \((path as NSString).deletingLastPathComponent)", path: path,
                      hint: "free some space (`tarmac cache prune --max-size SIZE`, `tarmac runs rm RUN`), then run again")
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
