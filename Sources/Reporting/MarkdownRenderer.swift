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
        // Ink reads a leading `---` block as metadata and drops it; Markdown (CommonMark) makes leading rules `<hr>`.
        var lines = source.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)[...]
        var rules = ""
        while let first = lines.first, first.allSatisfy(\.isWhitespace) || isRule(first) {
            if isRule(first) { rules += "<hr>" }
            lines = lines.dropFirst()
        }
        return HTMLSanitizer.clean(rules + parser().html(from: protectingUnderscores(Array(lines))))
    }

    /// The lines with intraword underscores escaped (`macro\_f1`), outside code: Ink 0.6 would make `_f1 and test_`
    /// emphasis, where Markdown (CommonMark) keeps `macro_f1 and test_rows` as it is.
    static func protectingUnderscores(_ lines: [Substring]) -> String {
        var inFence = false
        return lines.map { line -> String in
            if line.drop(while: { $0 == " " }).hasPrefix("```") { inFence.toggle(); return String(line) }
            if inFence || line.hasPrefix("    ") || line.hasPrefix("\t") { return String(line) }
            var out = "", inCode = false, previous: Character = " "
            let characters = Array(line)
            for (index, character) in characters.enumerated() {
                if character == "`" { inCode.toggle() }
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                if character == "_", !inCode, previous.isLetter || previous.isNumber, next.isLetter || next.isNumber { out += "\\" }
                out.append(character)
                previous = character
            }
            return out
        }.joined(separator: "\n")
    }

    /// `---`, `***`, `___` (three or more, spaces allowed).
    static func isRule(_ line: Substring) -> Bool {
        let marks = line.filter { !$0.isWhitespace }
        return marks.count >= 3 && Set(marks).count == 1 && "-*_".contains(marks.first!)
    }

    /// Ink's parser, with block quotes split into paragraphs at their blank `>` lines (Ink 0.6 makes one paragraph).
    static func parser() -> MarkdownParser {
        var ink = MarkdownParser()
        ink.addModifier(Modifier(target: .blockquotes) { html, markdown in
            let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
                let unquoted = line.drop { $0 == " " }.dropFirst(line.drop { $0 == " " }.first == ">" ? 1 : 0)
                return unquoted.first == " " ? unquoted.dropFirst() : unquoted
            }
            let paragraphs = lines.split(whereSeparator: { $0.allSatisfy(\.isWhitespace) })
            guard paragraphs.count > 1 else { return html }
            return "<blockquote>" + paragraphs.map { MarkdownRenderer.parser().html(from: $0.joined(separator: "\n")) }.joined() + "</blockquote>"
        })
        return ink
    }
}
