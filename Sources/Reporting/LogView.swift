import Foundation

/// A task attempt's log in the report: the whole file, in a collapsed block that opens at its end.
///
/// A log up to ``wholeLimit`` bytes is embedded whole. A bigger one shows its first ``headBytes`` and its
/// last bytes up to that limit, says how much is left out, and links the file on disk. The report holds
/// at most ``reportBudget`` bytes of logs in all; past that, logs show their last ``tailLines`` lines.
public enum LogView {
    /// The largest log embedded whole.
    public static let wholeLimit = 2 * 1024 * 1024
    /// The start of a log bigger than ``wholeLimit`` that is kept.
    public static let headBytes = 64 * 1024
    /// The bytes of logs one report embeds at most.
    public static let reportBudget = 32 * 1024 * 1024
    /// The lines shown of a log once the report's budget is spent.
    public static let tailLines = 200

    /// The `<details class="log">` block of attempt `attempt` (from 1) whose log is `path`; `budget` is what is left to embed.
    public static func render(_ path: String, attempt: Int, budget: inout Int) -> String {
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue
        guard let size, let handle = FileHandle(forReadingAtPath: path) else {
            return block("log of attempt \(attempt) (missing)", "(log missing: \(path))", path: path)
        }
        defer { try? handle.close() }
        let allowed = min(wholeLimit, budget)
        if size <= allowed {
            let text = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
            budget -= size
            return block("log of attempt \(attempt) — \(lineCount(text)) lines, \(bytes(size)), whole", text, path: path)
        }
        guard allowed > headBytes * 2 else {
            let tail = LogTail.read(path, lines: tailLines, maxBytes: 64 * 1024) ?? ""
            return block("log of attempt \(attempt) — last \(tailLines) lines of \(bytes(size))", tail, path: path)
        }
        let head = String(decoding: (try? handle.read(upToCount: headBytes)) ?? Data(), as: UTF8.self)
        let tailSize = allowed - headBytes
        try? handle.seek(toOffset: UInt64(size - tailSize))
        let tail = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        budget -= allowed
        let note = "\n\n… \(bytes(size - allowed)) left out here (the whole log is \(path)) …\n\n"
        return block("log of attempt \(attempt) — first \(bytes(headBytes)) and last \(bytes(tailSize)) of \(bytes(size))",
                     head + note + tail, path: path)
    }

    static func block(_ summary: String, _ text: String, path: String) -> String {
        let link = "file://" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
        return "<details class=\"log\"><summary>\(Markup.escape(summary))</summary>"
            + "<p class=\"log-file\">file: <a href=\"\(Markup.escape(link))\">\(Markup.escape(path))</a></p>"
            + "<pre>\(Markup.escape(text))</pre></details>"
    }

    static func lineCount(_ text: String) -> Int {
        var count = 0
        for byte in text.utf8 where byte == 10 { count += 1 }
        return text.isEmpty || text.hasSuffix("\n") ? count : count + 1
    }

    /// `512 B`, `48 KB`, `3.2 MB`.
    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { return "\(count / 1024) KB" }
        return String(format: "%.1f MB", Double(count) / 1_048_576)
    }
}
