import Reporting
import Testing

@Suite("Markdown")
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
        #expect(html.contains(#"<a href="https://example.com/?a=1&amp;b=2" target="_blank" rel="noopener">a link</a>"#))
        #expect(html.contains("<ul><li>one</li><li>two</li></ul>"))
        #expect(html.contains("<ol><li>first</li><li>second</li></ol>"))
        #expect(html.contains("<pre><code>let a = &lt;b&gt;</code></pre>"))
        #expect(html.contains("<thead><tr><th>metric</th><th>value</th></tr></thead><tbody><tr><td>accuracy</td><td>0.9</td></tr>"))
    }

    @Test func rawHTMLAndScriptLinksStayInert() {
        let html = MarkdownRenderer.render("<script>alert(1)</script>\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("href=\"javascript"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func snakeCaseIsNotEmphasis() {
        #expect(MarkdownRenderer.render("macro_f1 and test_rows") == "<p>macro_f1 and test_rows</p>\n")
    }
}
