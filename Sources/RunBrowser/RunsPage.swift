import Basics
import Foundation
import Reporting
import RunDatabase

/// The Runs page: every run newest first, filters, search, pagination; the table follows new runs live.
enum RunsPage {
    /// The run states a filter offers.
    static let states = RunState.allCases.map(\.rawValue)

    /// The whole page for `query` over `all` runs (newest first); `now` is the end of a running run's duration.
    static func render(_ all: [RunRecord], query: RunsQuery, now: Date = Date()) -> String {
        let body = "<h1>Runs</h1>" + filters(all, query: query)
            + "<form id=\"compare-form\" class=\"filters\" method=\"get\" action=\"/compare\"><button type=\"submit\" id=\"compare\">"
            + "Compare</button> <span class=\"muted\">the ticked runs (2–10)</span></form>"
            + "<div id=\"runs-table\">" + table(all, query: query, now: now) + "</div>"
        return PageFrame.page(title: "tarmac ui · runs", body: body, script: BrowserScripts.runsPage)
    }

    /// The filter form: pipeline, experiment, state, text.
    static func filters(_ all: [RunRecord], query: RunsQuery) -> String {
        let pipelines = Set(all.map(\.pipelineName)).sorted(), experiments = Set(all.compactMap(\.experiment)).sorted()
        return "<form class=\"filters\" method=\"get\" action=\"/\">"
            + select("pipeline", "all pipelines", pipelines, query.pipeline)
            + (experiments.isEmpty ? "" : select("experiment", "all experiments", experiments, query.experiment))
            + select("state", "all states", states, query.state)
            + "<input type=\"search\" name=\"q\" placeholder=\"search ids, pipelines, parameters\" value=\"\(Markup.escape(query.text ?? ""))\">"
            + "<button type=\"submit\">filter</button> <a href=\"/\">clear</a></form>"
    }

    static func select(_ name: String, _ none: String, _ values: [String], _ chosen: String?) -> String {
        "<select name=\"\(name)\"><option value=\"\">\(Markup.escape(none))</option>" + values.map {
            "<option value=\"\(Markup.escape($0))\"\($0 == chosen ? " selected" : "")>\(Markup.escape($0))</option>"
        }.joined() + "</select>"
    }

    /// The table of the query's page and the page links (what the live script replaces).
    static func table(_ all: [RunRecord], query: RunsQuery, now: Date = Date()) -> String {
        let matched = query.matching(all)
        guard !matched.isEmpty else {
            return "<p class=\"muted\" id=\"no-runs\">" + (all.isEmpty ? "no runs in this store yet" : "no runs match") + "</p>"
        }
        let rows = query.pageOf(matched).map { row($0, now: now) }.joined()
        return "<p class=\"muted\"><span id=\"run-count\">\(matched.count)</span> of \(all.count) runs</p>"
            + "<table class=\"runs\"><thead><tr><th></th><th>run</th><th>pipeline</th><th>experiment</th><th>state</th><th>started</th>"
            + "<th>duration</th><th>parameters</th></tr></thead><tbody>\(rows)</tbody></table>" + pages(matched.count, query)
    }

    static func row(_ run: RunRecord, now: Date) -> String {
        let duration = RecordedRun.duration(run.started, run.finished ?? (run.state == .running ? now : nil))
        let state = Markup.escape(run.state.rawValue)
        return "<tr class=\"run\" data-run=\"\(Markup.escape(run.id))\"><td><input type=\"checkbox\" name=\"run\" form=\"compare-form\" "
            + "value=\"\(Markup.escape(run.id))\" aria-label=\"compare \(Markup.escape(String(run.id.prefix(8))))\"></td><td><a href=\"/runs/\(Markup.escape(run.id))\"><code>"
            + "\(Markup.escape(String(run.id.prefix(8))))</code></a></td><td>\(Markup.escape(run.pipelineName))</td>"
            + "<td>\(Markup.escape(run.experiment ?? "—"))</td><td><span class=\"badge state-\(state)\">\(state)</span></td>"
            + "<td>\(Markup.escape(HTMLFormat.time(run.started)))</td><td class=\"num\">\(duration.map(HTMLFormat.duration) ?? "—")</td>"
            + "<td class=\"params\" title=\"\(Markup.escape(parameterSummary(run, limit: 2000)))\">"
            + "\(Markup.escape(parameterSummary(run)))</td></tr>"
    }

    /// `name=value, …` of the run's parameters, sorted by name, cut at `limit` characters.
    static func parameterSummary(_ run: RunRecord, limit: Int = 90) -> String {
        let values = (try? JSONValue.parse(run.parametersJSON))?.objectValue ?? [:]
        let text = values.keys.sorted().map { "\($0)=\(values[$0]!.textForm)" }.joined(separator: ", ")
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    static func pages(_ count: Int, _ query: RunsQuery) -> String {
        let last = max(1, (count + query.pageSize - 1) / query.pageSize)
        guard last > 1 else { return "" }
        var html = "<p class=\"pages\">page \(query.page) of \(last): "
        if query.page > 1 { html += "<a rel=\"prev\" href=\"/\(Markup.escape(query.queryString(page: query.page - 1)))\">← newer</a>" }
        if query.page < last { html += "<a rel=\"next\" href=\"/\(Markup.escape(query.queryString(page: query.page + 1)))\">older →</a>" }
        return html + "</p>"
    }
}
