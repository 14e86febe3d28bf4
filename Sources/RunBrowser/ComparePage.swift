import Basics
import Foundation
import Reporting
import RunDatabase

/// The Compare page: 2–10 runs side by side (``RunComparison``: what `tarmac runs diff` compares), differing rows
/// marked, the ClassificationMetrics' ROC curves of every run overlaid in one chart.
enum ComparePage {
    /// The fewest and most runs compared.
    static let allowed = 2...10

    /// The run ids of `/compare?runs=a,b,c` (also `?run=a&run=b`, the Runs page's form without script), in order,
    /// repeats dropped.
    static func ids(runs: String?, repeated: [String]) -> [String] {
        var seen = Set<String>()
        return ((runs ?? "").split(separator: ",").map(String.init) + repeated)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Why `ids` cannot be compared, or nil.
    static func countProblem(_ ids: [String]) -> String? {
        guard !allowed.contains(ids.count) else { return nil }
        return "compare needs \(allowed.lowerBound) to \(allowed.upperBound) different runs (/compare?runs=ID,ID,…); got \(ids.count)"
    }

    /// The page comparing `recorded`.
    static func render(_ recorded: [RecordedRun]) -> String {
        let comparison = RunComparison(recorded)
        let runs = recorded.map(\.run)
        var body = "<h1>Compare \(runs.count) runs</h1>"
        body += HTMLReport.section("Runs", table(runs, [
            ("pipeline", runs.map(\.pipelineName)), ("state", runs.map(\.state.rawValue)),
            ("started", runs.map { HTMLFormat.time($0.started) }),
            ("duration", runs.map { RecordedRun.duration($0.started, $0.finished).map(HTMLFormat.duration) ?? "—" }),
        ].map { RunComparison.Row(key: $0.0, values: $0.1) }, id: "runs", mark: false))
        body += HTMLReport.section("Parameters", table(runs, comparison.parameters, id: "parameters"))
        body += HTMLReport.section("Metrics", table(runs, comparison.metrics, id: "metrics"))
        let curves = rocCurves(recorded)
        if !curves.isEmpty { body += HTMLReport.section("ROC curves", "<div class=\"graph\">" + ArtifactViews.rocChart(curves, caption: "ROC curves, one per run") + "</div>") }
        body += HTMLReport.section("Task states", table(runs, comparison.taskStates, id: "task-states"))
        body += HTMLReport.section("Task durations", table(runs, comparison.taskDurations, id: "task-durations", mark: false))
        if !comparison.taskOutputs.isEmpty {
            body += HTMLReport.section("Task outputs that differ", table(runs, comparison.taskOutputs.map {
                RunComparison.Row(key: $0.key, values: $0.values.map { $0.map { $0.count > 160 ? String($0.prefix(159)) + "…" : $0 } })
            }, id: "task-outputs"))
        }
        return PageFrame.page(title: "tarmac ui · compare " + runs.map { String($0.id.prefix(8)) }.joined(separator: " "), body: body)
    }

    /// A table of `rows`, one column per run; with `mark`, a row whose values differ is `tr.differs`, its cells `td.differs`.
    static func table(_ runs: [RunRecord], _ rows: [RunComparison.Row], id: String, mark: Bool = true) -> String {
        guard !rows.isEmpty else { return "<p class=\"muted\">none</p>" }
        let head = runs.map { "<th><a href=\"/runs/\(Markup.escape($0.id))\"><code>\(Markup.escape(String($0.id.prefix(8))))</code></a></th>" }.joined()
        let body = rows.map { row -> String in
            let differs = mark && row.differs, cell = differs ? "<td class=\"differs\">" : "<td>"
            return "<tr\(differs ? " class=\"differs\"" : "")><th>\(Markup.escape(row.key))</th>"
                + row.values.map { cell + ($0.map { "<code>\(Markup.escape($0))</code>" } ?? "<span class=\"muted\">(absent)</span>") + "</td>" }.joined()
                + "</tr>"
        }.joined()
        return "<table class=\"compare\" id=\"compare-\(id)\"><thead><tr><th></th>\(head)</tr></thead><tbody>\(body)</tbody></table>"
    }

    /// One curve per ClassificationMetrics artifact of each run, labelled `run-prefix task.output`.
    static func rocCurves(_ recorded: [RecordedRun]) -> [ArtifactViews.Curve] {
        recorded.flatMap { run in
            run.artifacts.filter { $0.schemaTitle == "system.ClassificationMetrics" }.compactMap { artifact -> ArtifactViews.Curve? in
                guard let points = (try? JSONValue.parse(artifact.metadataJSON))?["confidenceMetrics"]?.arrayValue, !points.isEmpty else { return nil }
                return ArtifactViews.Curve(label: "\(run.run.id.prefix(8)) \(artifact.producerTask).\(artifact.outputKey)", points: points)
            }
        }
    }
}
