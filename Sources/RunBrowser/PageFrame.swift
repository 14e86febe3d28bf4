import Reporting

/// The frame every page shares: the report's stylesheet, a navigation bar, and the page's inline script.
enum PageFrame {
    /// The Content-Security-Policy of every page: nothing loads from anywhere but this server (`connect-src 'self'`
    /// for the live updates), inline styles and scripts only, HTML artifacts in sandboxed `srcdoc` frames.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        + "img-src data:; frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// A whole page titled `title` with `body`, then the report's script and `script`.
    static func page(title: String, body: String, script: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>\(Markup.escape(title))</title>
        <style>\(HTMLStyle.css)\(css)</style></head>
        <body>
        <nav class="top"><a href="/">tarmac ui</a> · <a href="/">runs</a> · <a href="/cache">cache</a><span id="live-status" class="muted"></span></nav>
        \(body)
        <script>\(HTMLStyle.script)</script>
        <script>\(script)</script>
        </body></html>

        """
    }

    /// What the browser adds to the report's stylesheet: the navigation bar, filters, pagination, task panels.
    static let css = """
        nav.top{margin:-16px -24px 12px;padding:8px 24px;background:#212529;color:#adb5bd}nav.top a{color:#fff;text-decoration:none;font-weight:600}
        #live-status{float:right;font-size:12px}form.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:8px 0}
        form.filters input[type=search]{min-width:260px}table.runs{width:100%}table.runs td.params{font-size:12px;color:#495057;max-width:420px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
        .pages{margin:8px 0}.pages a,.pages span{margin-right:10px}dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:4px 0}
        pre.live-log{max-height:420px}.preview{max-height:260px}table.compare td.differs{background:#fff3bf}
        table.compare tr.differs th{border-left:3px solid #f08c00}.notice{background:#d3f9d8;padding:6px 10px}form.delete{margin:0}
        """
}
