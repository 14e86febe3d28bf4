import Engine
import Foundation
import Reporting

/// The block a failed task prints (as ninja does): `FAILED: <task> (exit code N)`, then its cause (see
/// `FailureSummary`: the exception and the user's frames, pip's error, or the log's last lines), the command
/// on one line and the log's path.
enum FailureBlock {
    /// The block for `update`, with the cause read from its last log; `title` is the task's display name
    /// (default: its path). A pip failure in a container that a proxy setting would fix ends with
    /// `ProxyAdvice`'s hints (the summary's extra hints, printed last as `hint:` lines).
    static func lines(for update: TaskUpdate, title: String? = nil, runID: String?, color: Bool,
                      proxy: ProxyAdvice.Context? = nil) -> [String] {
        let log = update.logs.last, text = log.flatMap(readTail)
        return render(update, title: title, argv: update.command, logPath: log, logText: text, runID: runID,
                      color: color, extraHints: ProxyAdvice.advice(logText: text ?? "", context: proxy))
    }

    /// The block from its parts (pure, for tests). Text from the log is made safe for a terminal. The
    /// `tarmac inspect` hint names the task by its path key (what `inspect` takes), whatever the title.
    static func render(_ update: TaskUpdate, title name: String? = nil, argv: [String]?, logPath: String?,
                       logText: String?, runID: String?, color: Bool, extraHints: [String] = []) -> [String] {
        var title = "FAILED: \(name ?? update.name)"
        if let code = update.exitCode { title += " (exit code \(code))" }
        if update.attempts > 1 { title += " after \(update.attempts) attempts" }
        var summary = FailureSummary.make(error: update.detail, argv: argv, logPath: logPath, logText: logText)
        summary.extraHints += extraHints
        let run = runID.map { String($0.prefix(8)) } ?? "RUN"
        return [color ? Color.red.wrap(title) : title]
            + summary.lines(inspect: "tarmac inspect \(run) \(ShellQuoting.quote(update.name))").map(TerminalText.sanitize)
    }

    /// The last 64 KiB of a file as text (a log can be large; only its tail is read).
    static func readTail(_ path: String) -> String? {
        LogTail.forFailure(path)
    }
}
