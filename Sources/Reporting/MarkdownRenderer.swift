import Ink

/// Renders `system.Markdown` artifacts with JohnSundell/Ink, then makes the HTML inert with ``HTMLSanitizer``.
///
/// Ink passes raw HTML in the source through unchanged (and writes link URLs into `href` unescaped), so
/// its output is never trusted: every tag outside a small allow-list is shown as text, attributes are
/// dropped except a few checked ones, and links other than http(s), mailto, fragments and relative paths
/// (e.g. `javascript:`) lose their `href`.
public enum MarkdownRenderer {
    /// The sanitised HTML of `source`.
    public static func render(_ source: String) -> String {
        // A leading `---` block would be taken for Ink's metadata header and vanish: a blank line keeps it text.
        let text = source.replacingOccurrences(of: "\r\n", with: "\n")
        return HTMLSanitizer.clean(parser().html(from: text.hasPrefix("---") ? "\n" + text : text))
    }

    /// Ink's parser, with block quotes split into paragraphs at their blank `>` lines (Ink 0.6 makes one paragraph).
    static func parser() -> MarkdownParser {
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .blockquotes) { html, markdown in
            let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
                let unquoted = line.drop { $0 == " " }.dropFirst(line.drop { $0 == " " }.first == ">" ? 1 : 0)
                return unquoted.first == " " ? unquoted.dropFirst() : unquoted
            }
            let paragraphs = lines.split(whereSeparator: { $0.allSatisfy(\.isWhitespace) })
            guard paragraphs.count > 1 else { return html }
            return "<blockquote>" + paragraphs.map { parser().html(from: $0.joined(separator: "\n")) }.joined() + "</blockquote>"
        })
        return parser
    }
}
