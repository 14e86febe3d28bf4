import Engine
import Foundation

/// The block a failed task prints (as ninja does): `FAILED: <task> (exit code N)`, the exact command,
/// and the tail of its log.
enum FailureBlock {
    /// Log lines shown.
    static let tailLines = 20
    /// Above this length the command is shown with its long arguments abbreviated, and `tarmac inspect` named.
    static let fullCommandLimit = 1200

    /// The block for `update`, with the tail of its last log; `title` is the task's display name (default: its path).
    static func lines(for update: TaskUpdate, title: String? = nil, runID: String?, color: Bool,
                      proxy: ProxyAdvice.Context? = nil) -> [String] {
        let log = update.logs.last, text = log.flatMap(readTail)
        return render(update, title: title, argv: update.command, logPath: log, logText: text, runID: runID, color: color)
            + ProxyAdvice.hints(logText: text ?? "", context: proxy)
    }

    /// The block from its parts (pure, for tests).
    static func render(_ update: TaskUpdate, title name: String? = nil, argv: [String]?, logPath: String?, logText: String?,
                       runID: String?, color: Bool) -> [String] {
        var title = "FAILED: \(name ?? update.name)"
        if let code = update.exitCode { title += " (exit code \(code))" }
        var lines = [color ? Color.red.wrap(title) : title]
        if let detail = update.detail, detail != "exited with code \(update.exitCode ?? -1)" { lines.append("error: \(detail)") }
        if update.attempts > 1 { lines.append("attempts: \(update.attempts)") }
        if let argv {
            let full = ShellQuoting.join(argv)
            if full.count <= fullCommandLimit {
                lines.append("command: \(full)")
            } else {
                lines.append("command: " + ShellQuoting.join(argv.map(abbreviated)))
                let run = runID.map { String($0.prefix(8)) } ?? "RUN"
                lines.append("  (long arguments abbreviated; the exact command: tarmac inspect \(run) \(ShellQuoting.quote(update.name)))")
            }
        }
        if let logPath {
            let tail = (logText ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            let body = Array(tail.last == "" ? tail.dropLast() : tail[...]).suffix(tailLines)
            lines.append(body.isEmpty ? "log: \(logPath) (empty)" : "log: \(logPath) (last \(body.count) line\(body.count == 1 ? "" : "s")):")
            lines += body.map { "  " + TerminalText.sanitize(String($0)) }
        }
        return lines
    }

    private static func abbreviated(_ argument: String) -> String {
        guard argument.count > 120 else { return argument }
        let head = argument.prefix(40).replacingOccurrences(of: "\n", with: "⏎")
        return "\(head)…(\(argument.count) characters)"
    }

    /// The last 64 KiB of a file as text (a log can be large; only its tail is shown).
    static func readTail(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > 65_536 ? size - 65_536 : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        var text = String(decoding: data, as: UTF8.self)
        if start > 0, let newline = text.firstIndex(of: "\n") { text = String(text[text.index(after: newline)...]) }
        return text
    }
}

/// POSIX shell quoting, so a printed command can be pasted into a shell.
enum ShellQuoting {
    /// `word` as the shell reads it back: bare when safe, else in single quotes.
    static func quote(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// The words quoted and joined by spaces.
    static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
