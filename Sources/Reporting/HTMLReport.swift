import Basics
import Foundation
import Planner
import RunDatabase

/// The self-contained run report: one HTML file, inline CSS, SVG and a few lines of script, no network.
///
/// Every recorded string is escaped; the Content-Security-Policy forbids loading anything, and HTML
/// artifacts sit in sandboxed `srcdoc` iframes.
public enum HTMLReport {
    /// The whole page; `environment` chooses the graph's layout (`TARMAC_REPORT_LAYOUT=builtin`: never Graphviz).
    public static func render(_ recorded: RecordedRun, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let run = recorded.run
        var body = header(recorded)
        body += section("Parameters", keyValues(recorded.parameters))
        let graph = DagGraph(recorded), groups = DagGroups(nodes: graph.nodes), names = recorded.displayNames
        let svg = DagSVG.render(recorded, graph: graph, groups: groups,
                                layout: DagSVG.layout(graph, groups, names: names, environment: environment))
        body += section("Graph", "<div class=\"graph\">" + svg + "</div>" + legend)
        body += section("Tasks", taskTable(recorded))
        let outputs = (try? JSONValue.parse(run.outputsJSON ?? "{}"))?["parameters"]?.objectValue ?? [:]
        if !outputs.isEmpty { body += section("Pipeline outputs", keyValues(outputs)) }
        let visual = recorded.artifacts.filter { visualSchemas.contains($0.schemaTitle) }
        if !visual.isEmpty {
            body += section("Visualizations", visual.map { artifactBlock($0, names: names) }.joined())
        }
        var logBudget = LogView.reportBudget
        body += section("Task details", recorded.tasks.enumerated().map {
            taskDetails($1, index: $0, recorded, names: names, logBudget: &logBudget)
        }.joined())
        let title = Markup.escape("\(run.pipelineName) · \(run.id.prefix(8)) · \(run.state)")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; frame-src 'self'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>\(HTMLStyle.css)</style></head>
            <body>
            \(body)
            <script>\(HTMLStyle.script)</script>
            </body></html>

            """
    }

    /// Artifact types with a visualization of their own.
    public static let visualSchemas: Set<String> = ["system.Metrics", "system.ClassificationMetrics", "system.SlicedClassificationMetrics",
                                                     "system.HTML", "system.Markdown"]

    /// The page header: pipeline name, state badge and the run's facts.
    public static func header(_ recorded: RecordedRun) -> String {
        let run = recorded.run
        var facts: [(String, String)] = [("run", run.id), ("state", run.state.rawValue), ("started", HTMLFormat.time(run.started))]
        if let seconds = RecordedRun.duration(run.started, run.finished) { facts.append(("duration", HTMLFormat.duration(seconds))) }
        if let experiment = run.experiment { facts.append(("experiment", experiment)) }
        facts += [("pipeline file", run.pipelineFile), ("pipeline root", run.pipelineRoot)]
        let counts = Dictionary(grouping: recorded.tasks, by: \.state).map { "\($0.value.count) \($0.key.rawValue.lowercased())" }.sorted()
        facts.append(("tasks", "\(recorded.tasks.count) (" + counts.joined(separator: ", ") + ")"))
        return "<header><h1>\(Markup.escape(run.pipelineName)) <span class=\"badge state-\(Markup.escape(run.state.rawValue))\">"
            + "\(Markup.escape(run.state.rawValue))</span></h1><dl>"
            + facts.map { "<dt>\(Markup.escape($0.0))</dt><dd>\(Markup.escape($0.1))</dd>" }.joined() + "</dl></header>\n"
    }

    /// A `<section>` titled `title`.
    public static func section(_ title: String, _ content: String) -> String {
        "<section><h2>\(Markup.escape(title))</h2>\n\(content)\n</section>\n"
    }

    /// A key/value table, or "none".
    public static func keyValues(_ values: [String: JSONValue]) -> String {
        values.isEmpty ? "<p class=\"muted\">none</p>" : ArtifactViews.keyValueTable(values)
    }

    /// The graph's colour legend.
    public static let legend: String = {
        let states: [TaskState] = [.succeeded, .cached, .failed, .canceled, .skipped, .notRun, .pending]
        return "<p class=\"legend\">" + states.map { state in
            let (fill, stroke) = DagSVG.colours(state)
            return "<span><i style=\"background:\(fill);border-color:\(stroke)\"></i>\(state.rawValue.lowercased())</span>"
        }.joined() + "</p>"
    }()

    /// The task table; each row links to `#task-<index>`.
    public static func taskTable(_ recorded: RecordedRun) -> String {
        let names = recorded.displayNames
        let rows = recorded.tasks.enumerated().map { index, task -> String in
            let duration = RecordedRun.duration(task.started, task.finished).map(HTMLFormat.duration) ?? "—"
            return "<tr><td><a href=\"#task-\(index)\" title=\"\(Markup.escape(task.name))\">\(Markup.escape(names.path(of: task.name)))</a></td>"
                + "<td><span class=\"badge state-\(Markup.escape(task.state.rawValue))\">\(Markup.escape(task.state.rawValue))</span>"
                + (task.isCached ? " <span title=\"result taken from the cache\">⚡ cached</span>" : "") + "</td>"
                + "<td class=\"num\">\(duration)</td><td class=\"num\">\(task.attempts)</td>"
                + "<td class=\"num\">\(task.exitCode.map { String($0) } ?? "—")</td>"
                + "<td>\(Markup.escape(task.componentName))</td></tr>"
        }
        return "<table class=\"tasks\"><thead><tr><th>task</th><th>state</th><th>duration</th><th>attempts</th>"
            + "<th>exit</th><th>component</th></tr></thead><tbody>" + rows.joined() + "</tbody></table>"
    }

    /// An artifact with its view, titled by its producer's display path (then the key where that differs).
    public static func artifactBlock(_ artifact: ArtifactRecord, names: DisplayNames) -> String {
        let producer = names.path(of: artifact.producerTask)
        let key = producer == artifact.producerTask ? "" : " <small class=\"muted\">\(Markup.escape(artifact.producerTask))</small>"
        return "<div class=\"artifact\"><h3>\(Markup.escape(producer)).\(Markup.escape(artifact.outputKey))\(key) "
            + "<small>\(Markup.escape(artifact.schemaTitle))</small></h3>" + ArtifactViews.render(artifact) + "</div>"
    }

    /// The `<details id="task-<index>">` of one task: failure, inputs, outputs, artifacts, logs.
    public static func taskDetails(_ task: TaskRecord, index: Int, _ recorded: RecordedRun, names: DisplayNames,
                            logBudget: inout Int) -> String {
        let title = names.path(of: task.name)
        let failed = task.state == .failed
        var html = "<details class=\"task\" id=\"task-\(index)\"\(failed ? " open" : "")><summary><span class=\"badge state-\(Markup.escape(task.state.rawValue))\">"
            + "\(Markup.escape(task.state.rawValue))</span> \(Markup.escape(title))"
            + (title == task.name ? "" : " <small class=\"muted\">\(Markup.escape(task.name))</small>") + "</summary>"
        if failed {
            html += "<pre class=\"error failure\">\(Markup.escape(FailureSummary.make(task).lines().joined(separator: "\n")))</pre>"
        } else if let error = task.error, !error.isEmpty {
            html += "<p class=\"error\">\(Markup.escape(error))</p>"
        }
        html += "<h4>inputs</h4>" + keyValues(recorded.inputs(of: task, names: names))
        if let outputs = task.outputsJSON, let values = (try? JSONValue.parse(outputs))?.objectValue, !values.isEmpty {
            html += "<h4>outputs</h4>" + keyValues(values)
        }
        let produced = recorded.artifacts.filter { $0.producerTask == task.name }
        if !produced.isEmpty {
            html += "<h4>artifacts</h4><ul class=\"artifacts\">" + produced.map {
                "<li><b>\(Markup.escape($0.outputKey))</b> <small>\(Markup.escape($0.schemaTitle))</small> <code>\(Markup.escape($0.uri))</code>"
                    + (visualSchemas.contains($0.schemaTitle) ? "" : ArtifactViews.render($0)) + "</li>"
            }.joined() + "</ul>"
        }
        for (attempt, path) in task.logPaths.enumerated() {
            html += LogView.render(path, attempt: attempt + 1, budget: &logBudget)
        }
        return html + "</details>\n"
    }
}
