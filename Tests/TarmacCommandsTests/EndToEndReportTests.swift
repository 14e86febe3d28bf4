import Basics
import Foundation
import Testing

// `tarmac report` of the ML example, opened in a real headless Chromium: the page loads with no console
// message at all (errors, CSP refusals, uncaught exceptions all log there), the DOM has the DAG and the
// confusion matrix, and a screenshot is written (kept in the test store for a person to look at).

/// Headless Chromium with console logging on stderr.
enum HeadlessChromium {
    /// `chromium --headless ... EXTRA file://PAGE`; console messages are `:CONSOLE:` lines on stderr.
    static func open(_ page: String, _ extra: [String]) async -> ProcessResult {
        await runProcess(["timeout", "120", ReportTools.chromium, "--headless", "--no-sandbox", "--disable-gpu",
                          "--enable-logging=stderr", "--v=0", "--user-data-dir=" + E2E.scratchDirectory("chromium-profile")]
                         + extra + ["file://" + page])
    }

    /// The console lines of a Chromium log.
    static func consoleLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
    }
}

@Suite("End-to-end: HTML report in headless Chromium",
       .enabled(if: E2E.pythonTestsEnabled && ReportTools.chromiumEnabled, "needs python3 and chromium (scripts/install-deps)"))
struct EndToEndReportTests {
    @Test("the console check sees errors (so its silence on the report means something)")
    func consoleCheckCatchesErrors() async throws {
        let page = E2E.scratchDirectory("chromium-bad") + "/bad.html"
        try "<html><body><script>notDefined()</script></body></html>".write(toFile: page, atomically: true, encoding: .utf8)
        let result = await HeadlessChromium.open(page, ["--dump-dom"])
        #expect(HeadlessChromium.consoleLines(result.stderr).contains { $0.contains("Uncaught ReferenceError") },
                Comment(rawValue: result.stderr))
    }

    @Test("report of the ML example: DAG, states, metrics, confusion matrix, ROC; no console errors; screenshot")
    func reportOfTheMLExample() async throws {
        let run = await SharedRuns.shared.example("03-ml-pipeline")
        #expect(run.code == 0, run.diagnostics)
        let directory = E2E.scratchDirectory("report-ml")
        let page = directory + "/report.html"
        let made = await tarmacOffThread(["report", String(run.runID.prefix(10)), "--store", E2E.store, "-o", page])
        #expect(made.code == 0, Comment(rawValue: made.stderr))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        for task in ["preprocess", "train", "evaluate", "condition-1", "condition-1/deploy"] {
            #expect(html.contains("data-task=\"\(task)\" data-state=\"SUCCEEDED\""), "node \(task)")
        }
        #expect(html.contains("<path class=\"edge\""))
        #expect(html.contains("Confusion matrix") && html.contains(">versicolor</text>") && html.contains("ROC curve"))
        #expect(html.contains("<td>accuracy</td><td class=\"num\">0.966667</td>"))
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"), "no network references")

        let dom = await HeadlessChromium.open(page, ["--dump-dom", "--virtual-time-budget=2000"])
        #expect(dom.code == 0, Comment(rawValue: dom.stderr))
        #expect(dom.stdout.contains("<svg") && dom.stdout.contains("class=\"dag\"") && dom.stdout.contains("class=\"confusion\""))
        #expect(HeadlessChromium.consoleLines(dom.stderr).isEmpty, Comment(rawValue: dom.stderr))

        let shot = directory + "/report.png"
        let screenshot = await HeadlessChromium.open(page, ["--screenshot=" + shot, "--window-size=1280,2200", "--hide-scrollbars"])
        #expect(screenshot.code == 0, Comment(rawValue: screenshot.stderr))
        #expect(HeadlessChromium.consoleLines(screenshot.stderr).isEmpty, Comment(rawValue: screenshot.stderr))
        let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        #expect(size > 20_000, "screenshot at \(shot) is \(size) bytes")
        if let keep = E2E.environment["TARMAC_REPORT_SCREENSHOT"] {  // for a person to look at
            try? FileManager.default.removeItem(atPath: keep)
            try? FileManager.default.copyItem(atPath: shot, toPath: keep)
            try? FileManager.default.removeItem(atPath: keep + ".html")
            try? FileManager.default.copyItem(atPath: page, toPath: keep + ".html")
        }
    }

    @Test("HTML artifacts are embedded in a sandboxed iframe and Markdown is rendered; their scripts never run",
          .enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler venv"))
    func htmlAndMarkdownArtifacts() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("report-artifacts"))
        #expect(run.code == 0, run.diagnostics)
        let page = E2E.scratchDirectory("report-artifacts") + "/report.html"
        let made = await tarmacOffThread(["report", run.runID, "--store", E2E.store, "-o", page])
        #expect(made.code == 0, Comment(rawValue: made.stderr))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<h1>Release notes</h1>") && html.contains("<strong>faster</strong>")
                && html.contains("<td>score</td><td>0.5</td>"))
        #expect(html.contains("&lt;script&gt;document.title = \"pwned-by-markdown\"&lt;/script&gt;"), "raw HTML is shown as text")
        #expect(html.contains("<iframe class=\"html-artifact\" sandbox=\"\" referrerpolicy=\"no-referrer\" srcdoc=\"&lt;h2&gt;Model card"))
        #expect(html.contains("<td>score</td><td class=\"num\">0.5</td>"), "the Metrics table")

        let dom = await HeadlessChromium.open(page, ["--dump-dom", "--virtual-time-budget=2000"])
        #expect(dom.code == 0, Comment(rawValue: dom.stderr))
        #expect(dom.stdout.contains("<title>report-artifacts · \(run.runID.prefix(8)) · SUCCEEDED</title>"), "no script changed the title")
        #expect(!dom.stdout.contains("pwned-by-html</title>") && !dom.stdout.contains("pwned-by-markdown</title>"))
        // The only console line allowed is Chromium saying it blocked the HTML artifact's script.
        let unexpected = HeadlessChromium.consoleLines(dom.stderr).filter { !$0.contains("Blocked script execution in 'about:srcdoc'") }
        #expect(unexpected.isEmpty, Comment(rawValue: dom.stderr))
    }
}
