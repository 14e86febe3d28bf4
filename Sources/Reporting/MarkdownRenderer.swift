import Foundation

/// A small Markdown-to-HTML renderer for `system.Markdown` artifacts: ATX headings, bullet and numbered
/// lists, fenced code, inline code, `**strong**`, `*em*`/`_em_`, `[links](url)` and pipe tables.
///
/// All text is escaped first; raw HTML in the source is shown as text, and links other than http(s),
/// mailto, fragments and relative paths (e.g. `javascript:`) are dropped to plain text.
public enum MarkdownRenderer {
    /// The HTML of `source`.
    public static func render(_ source: String) -> String {
        var out = "", lines = source.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")[...]
        var paragraph: [String] = []
        func flush() {
            if !paragraph.isEmpty { out += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n" }
            paragraph = []
        }
        while let line = lines.first {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                flush(); lines.removeFirst()
                var code: [String] = []
                while let next = lines.first, !next.trimmingCharacters(in: .whitespaces).hasPrefix("```") { code.append(next); lines.removeFirst() }
                if !lines.isEmpty { lines.removeFirst() }
                out += "<pre><code>" + Markup.escape(code.joined(separator: "\n")) + "</code></pre>\n"
            } else if let level = heading(trimmed) {
                flush(); lines.removeFirst()
                let text = trimmed.dropFirst(level).trimmingCharacters(in: CharacterSet(charactersIn: " #"))
                out += "<h\(level)>" + inline(text) + "</h\(level)>\n"
            } else if listMarker(trimmed) != nil {
                flush()
                out += list(&lines)
            } else if trimmed.hasPrefix("|"), lines.count > 1, isTableRule(lines[lines.startIndex + 1]) {
                flush()
                out += table(&lines)
            } else if trimmed.isEmpty {
                flush(); lines.removeFirst()
            } else {
                paragraph.append(trimmed); lines.removeFirst()
            }
        }
        flush()
        return out
    }

    static func heading(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    /// (ordered, text after the marker) for `- x`, `* x`, `+ x`, `1. x`.
    static func listMarker(_ line: String) -> (ordered: Bool, text: String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return (false, String(line.dropFirst(2)))
        }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return (true, String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    static func list(_ lines: inout ArraySlice<String>) -> String {
        let ordered = listMarker(lines.first!.trimmingCharacters(in: .whitespaces))!.ordered
        var items = ""
        while let line = lines.first, let marker = listMarker(line.trimmingCharacters(in: .whitespaces)), marker.ordered == ordered {
            items += "<li>" + inline(marker.text) + "</li>"
            lines.removeFirst()
        }
        let tag = ordered ? "ol" : "ul"
        return "<\(tag)>\(items)</\(tag)>\n"
    }

    static func isTableRule(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("|") && trimmed.contains("-") && trimmed.allSatisfy { "|-: ".contains($0) }
    }

    static func cells(_ line: String) -> [String] {
        var trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("|") { trimmed.removeFirst() }
        if trimmed.hasSuffix("|") { trimmed.removeLast() }
        return trimmed.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func table(_ lines: inout ArraySlice<String>) -> String {
        let header = cells(lines.removeFirst())
        lines.removeFirst()
        var html = "<table><thead><tr>" + header.map { "<th>" + inline($0) + "</th>" }.joined() + "</tr></thead><tbody>"
        while let line = lines.first, line.trimmingCharacters(in: .whitespaces).hasPrefix("|") {
            html += "<tr>" + cells(line).map { "<td>" + inline($0) + "</td>" }.joined() + "</tr>"
            lines.removeFirst()
        }
        return html + "</tbody></table>\n"
    }

    /// Inline markup: code spans verbatim (escaped), the rest escaped then marked up.
    static func inline(_ text: String) -> String {
        let parts = text.components(separatedBy: "`")
        var out = ""
        for (index, part) in parts.enumerated() {
            let isCode = index % 2 == 1 && index < parts.count - (parts.count % 2 == 0 ? 1 : 0)
            if isCode {
                out += "<code>" + Markup.escape(part) + "</code>"
            } else {
                out += (index > 0 && index % 2 == 1 ? "`" : "") + emphasis(Markup.escape(part))
            }
        }
        return out
    }

    private static let rules: [(NSRegularExpression, String)] = [
        (try! NSRegularExpression(pattern: #"\*\*(.+?)\*\*"#), "<strong>$1</strong>"),
        (try! NSRegularExpression(pattern: #"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"#), "<em>$1</em>"),
        (try! NSRegularExpression(pattern: #"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"#), "<em>$1</em>"),
    ]
    private static let link = try! NSRegularExpression(pattern: #"\[([^\]]+)\]\(([^)\s]+)\)"#)

    /// Applies links and emphasis to already-escaped text.
    static func emphasis(_ escaped: String) -> String {
        var text = escaped
        let matches = link.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed()
        for match in matches {
            let label = (text as NSString).substring(with: match.range(at: 1))
            let url = (text as NSString).substring(with: match.range(at: 2))
            let replacement = isSafe(url) ? "<a href=\"\(url)\" target=\"_blank\" rel=\"noopener\">\(label)</a>" : label
            text = (text as NSString).replacingCharacters(in: match.range, with: replacement)
        }
        for (pattern, template) in rules {
            text = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text
    }

    /// http(s), mailto, a fragment, or a relative path (no scheme at all).
    static func isSafe(_ url: String) -> Bool {
        let lower = url.lowercased()
        if ["http://", "https://", "mailto:", "#"].contains(where: lower.hasPrefix) { return true }
        let beforeSlash = lower.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return !beforeSlash.contains(":") && !lower.contains("&#")
    }
}
