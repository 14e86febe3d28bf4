import Foundation
import RunDatabase

/// Why a task failed, cause first: the text that the console's failure block, JUnit's `<failure>` and the
/// HTML report's task panel all show (made by ``FailureSummary/make(error:argv:logPath:logText:)``).
///
/// The cause is, in order of preference: a Python exception with the user's own frames of its traceback
/// (KFP's frames, the executor-input dump and pip's progress stay in the log); pip's error, naming the
/// package it could not install; else the last non-empty lines of the log.
public struct FailureSummary: Sendable, Hashable {
    /// The cause, most telling line first: the engine's error when it says more than the exit code, a Python
    /// exception and the user's frames, or pip's error.
    public var cause: [String]
    /// The log's last non-empty lines, when the log holds neither an exception nor a pip error.
    public var tail: [String]
    /// The command on one line, long arguments abbreviated (nil when unknown or no process started).
    public var command: String?
    /// Whether ``command`` had arguments abbreviated.
    public var commandAbbreviated = false
    /// The log that has the whole story.
    public var logPath: String?
    /// Extra advice printed last, one `hint:` line each (e.g. a proxy hint for a pip failure in a container).
    public var extraHints: [String] = []

    /// Log lines shown when the log holds neither an exception nor a pip error.
    public static let tailLines = 10
    /// Arguments longer than this (or with a line break) are abbreviated (a venv's interpreter path is not).
    static let argumentLimit = 200

    /// The most telling line (JUnit's `message`): the first line of the cause, else the log's last line.
    public var message: String {
        (cause.first ?? tail.last ?? "failed").trimmingCharacters(in: .whitespaces)
    }

    /// Cause, log tail (indented), `command: …`, `log: …`, then the hints; `inspect` (e.g.
    /// `tarmac inspect 01234567 train`) is named when the command was abbreviated.
    public func lines(inspect: String? = nil) -> [String] {
        var lines = cause + tail.map { "  " + $0 }
        if let command { lines.append("command: " + command) }
        if let logPath { lines.append("log: " + logPath) }
        if commandAbbreviated, let inspect { lines.append("exact command: " + inspect) }
        return lines + extraHints.map { "hint: " + $0 }
    }

    /// The summary of a failure from what is known of it: the task's error, its last command, its log.
    public static func make(error: String?, argv: [String]?, logPath: String?, logText: String?) -> FailureSummary {
        var logPath = logPath, logText = logText, argv = argv
        let errorLines = (error ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var detail = errorLines.first?.trimmingCharacters(in: .whitespaces) ?? ""
        if let setup = EnvironmentSetupFailure(errorLines) {  // pip on the host: the error names its own log
            logPath = logPath ?? setup.logPath
            logText = logText ?? setup.logPath.flatMap(LogTail.forFailure) ?? setup.tail
            argv = argv ?? setup.argv
            detail = setup.headline
        }
        let log = (logText ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let python = FailureCause.python(in: log)
        let pip = python == nil ? FailureCause.pip(in: log) ?? FailureCause.uv(in: log) : nil  // the installer's error
        var cause = python ?? pip ?? []
        if !detail.isEmpty, !detail.hasPrefix("exited with code") || (python == nil && pip == nil && log.allSatisfy(\.isEmpty)) {
            if python != nil { cause.insert(detail, at: min(1, cause.count)) } else if pip == nil { cause.insert(detail, at: 0) }
        }
        let tail = python == nil && pip == nil ? Array(FailureCause.withoutNoise(log).suffix(tailLines)) : []
        var summary = FailureSummary(cause: cause, tail: tail, command: nil, logPath: logPath)
        if summary.cause.isEmpty && tail.isEmpty { summary.cause = [detail.isEmpty ? "failed" : detail] }
        if let argv { (summary.command, summary.commandAbbreviated) = oneLine(argv) }
        return summary
    }

    /// The summary of a recorded task (JUnit, the report): its error and its last attempt's log.
    public static func make(_ task: TaskRecord) -> FailureSummary {
        let log = task.logPaths.last
        return make(error: task.error, argv: nil, logPath: log, logText: log.flatMap(LogTail.forFailure))
    }

    /// `argv` quoted for a shell on one line, long arguments cut to their first 40 characters.
    static func oneLine(_ argv: [String]) -> (String, Bool) {
        var abbreviated = false
        let words = argv.map { argument -> String in
            guard argument.count > argumentLimit || argument.contains("\n") else { return ShellQuoting.quote(argument) }
            abbreviated = true
            let first = argument.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
            let head = first.trimmingCharacters(in: .whitespaces).prefix(40)
            return ShellQuoting.quote(String(head) + "…(\(argument.count) characters)")
        }
        return (words.joined(separator: " "), abbreviated)
    }
}

/// A Lightweight Python environment that could not be made on the host: the engine's error names the
/// failed command in backquotes, its log after `; log: `, and the log's tail as `  | ` lines.
struct EnvironmentSetupFailure {
    let headline: String
    let argv: [String]?
    let logPath: String?
    let tail: String

    init?(_ lines: [String]) {
        guard let first = lines.first, first.hasPrefix("`"), first.contains("` failed ("),
              let close = first.dropFirst().firstIndex(of: "`") else { return nil }
        let command = first[first.index(after: first.startIndex)..<close]
        argv = command.split(separator: " ").map(String.init)
        logPath = first.range(of: "; log: ").map { String(first[$0.upperBound...]).trimmingCharacters(in: .whitespaces) }
        tail = lines.dropFirst().compactMap { $0.hasPrefix("  | ") ? String($0.dropFirst(4)) : nil }.joined(separator: "\n")
        let how = first.range(of: "` failed (").map { String(first[$0.upperBound...].prefix { $0 != ")" }) } ?? "failure"
        headline = "setting up the Python environment failed (\(how))"
    }
}

/// POSIX shell quoting, so a printed command can be pasted into a shell.
public enum ShellQuoting {
    /// `word` as the shell reads it back: bare when safe, else in single quotes.
    public static func quote(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// The words quoted and joined by spaces.
    public static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
