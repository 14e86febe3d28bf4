import Basics
import Foundation
import Reporting
import RunDatabase

/// The Run page: the report's pieces (graph, task table, visualizations, task details) plus, per task, its
/// timings, cache verdict, command, download links and a live log; a script keeps states current.
enum RunPage {
    /// The whole page of `recorded`.
    static func render(_ recorded: RecordedRun, notes: TaskNotes) -> String {
        let run = recorded.run
        var body = HTMLReport.header(recorded).replacingOccurrences(of: "<header>", with: "<header id=\"run-header\" data-run=\"\(Markup.escape(run.id))\">")
        body += HTMLReport.section("Parameters", HTMLReport.keyValues(recorded.parameters))
        body += live(recorded)
        let outputs = (try? JSONValue.parse(run.outputsJSON ?? "{}"))?["parameters"]?.objectValue ?? [:]
        if !outputs.isEmpty { body += HTMLReport.section("Pipeline outputs", HTMLReport.keyValues(outputs)) }
        let visual = recorded.artifacts.filter { HTMLReport.visualSchemas.contains($0.schemaTitle) }
        if !visual.isEmpty { body += HTMLReport.section("Visualizations", visual.map { HTMLReport.artifactBlock($0, names: recorded.displayNames) }.joined()) }
        if !recorded.artifacts.isEmpty { body += HTMLReport.section("Artifacts", ArtifactList.render(recorded)) }
        body += "<div id=\"task-details\">" + HTMLReport.section("Task details", details(recorded, notes: notes)) + "</div>"
        let title = "\(run.pipelineName) · \(run.id.prefix(8)) · \(run.state)"
        let script = BrowserScripts.runPage.replacingOccurrences(of: "%FINISHED%", with: run.state == .running ? "false" : "true")
        return PageFrame.page(title: title, body: body, script: script)
    }

    /// The graph and the task table: what the script swaps in when tasks appear.
    static func live(_ recorded: RecordedRun) -> String {
        "<div id=\"live\">" + HTMLReport.section("Graph", "<div class=\"graph\">" + DagSVG.render(recorded) + "</div>" + HTMLReport.legend)
            + HTMLReport.section("Tasks", HTMLReport.taskTable(recorded)) + "</div>"
    }

    /// Every task's `<details>`: the report's, with the browser's panel added at its end.
    static func details(_ recorded: RecordedRun, notes: TaskNotes) -> String {
        var budget = LogView.reportBudget
        let names = recorded.displayNames
        return recorded.tasks.enumerated().map { index, task in
            var html = HTMLReport.taskDetails(task, index: index, recorded, names: names, logBudget: &budget)
            let end = "</details>\n"
            if html.hasSuffix(end) { html.removeLast(end.count) }
            return html + TaskPanel.render(task, recorded, notes: notes) + end
        }.joined()
    }
}

/// The part of a task's details the report has not: timings, cache verdict, command, live log.
enum TaskPanel {
    /// The panel of `task`.
    static func render(_ task: TaskRecord, _ recorded: RecordedRun, notes: TaskNotes) -> String {
        var facts: [(String, String)] = [("name", task.name), ("component", task.componentName), ("state", task.state.rawValue)]
        facts.append(("queued", HTMLFormat.time(task.queued)))
        facts.append(("started", HTMLFormat.time(task.started)))
        facts.append(("finished", HTMLFormat.time(task.finished)))
        if let seconds = RecordedRun.duration(task.started, task.finished) { facts.append(("duration", HTMLFormat.duration(seconds))) }
        facts.append(("attempts", String(task.attempts)))
        facts.append(("cache", task.cacheStatus?.rawValue ?? "—"))
        var html = "<div class=\"panel\" data-task=\"\(Markup.escape(task.name))\"><h4>timings</h4><dl class=\"facts\">"
            + facts.map { "<dt>\(Markup.escape($0.0))</dt><dd>\(Markup.escape($0.1))</dd>" }.joined() + "</dl>"
        let explanation = notes.explain(task, recorded.run)
        if !explanation.isEmpty {
            html += "<h4>cache: why</h4><pre class=\"explain\">\(Markup.escape(explanation.joined(separator: "\n")))</pre>"
        }
        let outputs = recorded.artifacts.filter { $0.producerTask == task.name }
        if !outputs.isEmpty {
            html += "<h4>output artifacts</h4><ul class=\"outputs\">" + outputs.map {
                "<li><b>\(Markup.escape($0.outputKey))</b> <a class=\"lineage\" href=\"\(LineagePage.href($0.id))\">lineage</a></li>"
            }.joined() + "</ul>"
        }
        let inspect = notes.inspect(task, recorded.run)
        if !inspect.isEmpty { html += "<h4>command</h4><pre class=\"inspect\">\(Markup.escape(inspect))</pre>" }
        let runID = Markup.escape(recorded.run.id)
        let paths = task.logPaths
        if let last = paths.last {
            html += "<p class=\"log-file\"><a download href=\"\(FileLinks.href(runID: recorded.run.id, path: last))\">download the log</a></p>"
        }
        html += "<h4>live log</h4><pre class=\"live-log\" data-run=\"\(runID)\" data-task=\"\(Markup.escape(task.name))\" "
            + "data-attempt=\"\(max(paths.count, 1))\" hidden></pre>"
        return html + "</div>"
    }
}

/// Links to `/runs/<id>/file?path=…`, the one route that sends files (checked by ``StoreFileGuard``).
enum FileLinks {
    /// The escaped `href` of `path` of run `runID`.
    static func href(runID: String, path: String) -> String {
        Markup.escape("/runs/\(RunsQuery.encode(runID))/file?path=\(RunsQuery.encode(path))")
    }
}
