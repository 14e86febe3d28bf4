import Foundation
import Reporting
import Testing

@Suite("Markdown (Ink, sanitised)")
struct MarkdownRendererTests {
    @Test func headingsListsCodeEmphasisLinksTables() {
        let html = MarkdownRenderer.render("""
            # Title
            Some **bold**, *em*, _also em_ and `x < 1` with [a link](https://example.com/?a=1&b=2).

            - one
            - two

            1. first
            2. second

            ```
            let a = <b>
            ```

            | metric | value |
            |---|--:|
            | accuracy | 0.9 |
            """)
        #expect(html.contains("<h1>Title</h1>"))
        #expect(html.contains("<strong>bold</strong>"))
        #expect(html.contains("<em>em</em>"))
        #expect(html.contains("<em>also em</em>"))
        #expect(html.contains("<code>x &lt; 1</code>"))
        #expect(html.contains(#"<a href="https://example.com/?a=1&amp;b=2" rel="noopener noreferrer">a link</a>"#), "\(html)")
        #expect(html.contains("<ul><li>one</li><li>two</li></ul>"))
        #expect(html.contains("<ol><li>first</li><li>second</li></ol>"))
        #expect(html.contains("<pre><code>let a = &lt;b&gt;\n</code></pre>") || html.contains("<pre><code>let a = &lt;b&gt;</code></pre>"), "\(html)")
        #expect(html.contains("<th>metric</th><th align=\"right\">value</th>") && html.contains("<td>accuracy</td><td align=\"right\">0.9</td>"), "\(html)")
    }

    @Test func ruleAndQuoteParagraphs() {
        let html = MarkdownRenderer.render("above\n\n---\n\nbelow\n\n> first\n>\n> second\n")
        #expect(html.contains("<hr>") && !html.contains("---"), "\(html)")
        #expect(html.contains("<blockquote><p>first</p><p>second</p></blockquote>"), "\(html)")
        #expect(MarkdownRenderer.render("---\ntitle: x\n---\nbody").contains("title: x"), "a leading rule is not eaten as metadata")
    }

    @Test func rawHTMLAndScriptLinksStayInert() {
        let html = MarkdownRenderer.render("""
            <script>alert(1)</script>

            [click](javascript:alert(1)) [tab](java\tscript:alert(2)) [entity](javascript&#58;alert(3)) <img src=x onerror=alert(4)>

            <div onclick="alert(5)"><b onmouseover="alert(6)">bold</b></div>

            [quote](https://x.org/"onmouseover="alert(7)) <a href="https://ok.org" onclick="alert(8)">ok</a>

            <pre><table><tr><td>unclosed
            """)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<div"), "\(html)")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("href=\"javascript") && !html.contains("href=\"java"), "\(html)")
        #expect(html.contains("<b>bold</b>"), "allowed tags lose their attributes: \(html)")
        #expect(html.range(of: #"<[^>]*\son[a-z]+="#, options: .regularExpression) == nil, "no tag keeps an event handler: \(html)")
        #expect(html.contains("<a href=\"https://ok.org\" rel=\"noopener noreferrer\">ok</a>"), "\(html)")
        #expect(html.hasSuffix("</td></tr></table></pre>") || html.contains("</td></tr></table></pre></p>"), "open tags are closed: \(html)")
    }

    @Test func theSanitizerAlone() {
        #expect(HTMLSanitizer.clean("<p>a</p></div><iframe src=x>") == "<p>a</p>&lt;/div&gt;&lt;iframe src=x&gt;")
        #expect(HTMLSanitizer.clean("1 < 2 <em>x</em") == "1 &lt; 2 <em>x&lt;/em</em>")
        #expect(HTMLSanitizer.clean("<a href='#top'>t</a><a href=\"mailto:me@x.org\">m</a>")
                == "<a href=\"#top\" rel=\"noopener noreferrer\">t</a><a href=\"mailto:me@x.org\" rel=\"noopener noreferrer\">m</a>")
        #expect(HTMLSanitizer.clean("<a href=\"data:text/html,x\">d</a>") == "<a>d</a>")
    }

    @Test func snakeCaseIsNotEmphasis() {
        #expect(MarkdownRenderer.render("macro_f1 and test_rows").contains("<p>macro_f1 and test_rows</p>"))
        #expect(MarkdownRenderer.render("`a_b_c` and _em_ x_y").contains("<p><code>a_b_c</code> and <em>em</em> x_y</p>"))
    }
}
