import Basics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How `tarmac logs` reads a recorded log: bytes that are not UTF-8 become U+FFFD (a log is what a
/// component printed, in any encoding), escapes are neutralised on a terminal, and a log that is gone is an error.
enum LogReader {
    /// A recorded log that could not be read.
    struct Missing: Equatable {
        /// The task whose log it is.
        let task: String
        /// The recorded path.
        let path: String
        /// Why it could not be read (strerror).
        let reason: String
    }

    /// What reading one log gave.
    enum Outcome {
        /// The log's text, ready to print.
        case text(String)
        /// It could not be read.
        case missing(Missing)
    }

    /// Reads the log of `task` at `path`; on a terminal stdout, its escapes are neutralised (``TerminalText``).
    static func read(_ path: String, task: String, terminal: Bool) -> Outcome {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .missing(Missing(task: task, path: path, reason: String(cString: strerror(errno))))
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.readToEnd() ?? Data() } catch {
            return .missing(Missing(task: task, path: path, reason: error.localizedDescription))
        }
        let text = String(decoding: data, as: UTF8.self)
        return .text(terminal ? TerminalText.sanitize(text) : text)
    }

    /// The error for the logs that could not be read (after the others were printed), or nil when there were none.
    static func error(for missing: [Missing], runID: String) -> LogFileError? {
        guard let first = missing.first else { return nil }
        let more = missing.count > 1 ? " (and \(missing.count - 1) more)" : ""
        return LogFileError(message: "the log of task '\(first.task)' of run \(runID.prefix(8)) cannot be read: \(first.reason)\(more)",
                            location: .path(first.path),
                            hint: "it was removed or moved after the run (by hand, or by a clean-up of the pipeline root)")
    }
}

/// A recorded file of a run that is not there any more (exit 74: the machine's files, not the pipeline).
struct LogFileError: TarmacError {
    let message: String
    let location: Location?
    let hint: String?
    var exitCode: ExitCode { .environment }
}
