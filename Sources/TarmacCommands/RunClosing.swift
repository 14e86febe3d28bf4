import Basics
import Engine
import Foundation
import Planner
import Reporting

/// What a run prints on stderr when it ends: what happened (duration, tasks by state), what it
/// produced (the pipeline's outputs, the metrics of `system.Metrics` artifacts) and what to type next.
enum RunClosing {
    /// Metrics shown; the rest are counted and left to `tarmac report`.
    static let metricLimit = 8
    /// The states counted, in the order they are listed.
    static let stateOrder: [TaskState] = [.succeeded, .cached, .failed, .skipped, .notRun, .canceled, .running, .pending]

    /// Task instances by state, in ``stateOrder``, states with none left out. Groups and loops count only when they
    /// never began (a condition that was false, a group not run): then none of their tasks exist to be counted.
    /// Counted in one pass, without copying tasks: a run of 100,000 tasks ends with all of them still in memory.
    static func counts(_ summary: RunSummary) -> [(state: String, count: Int)] {
        var byState: [TaskState: Int] = [:]
        for task in summary.tasks where task.kind != "dag" || task.started == nil { byState[task.state, default: 0] += 1 }
        return stateOrder.compactMap { state in
            byState[state].map { (state.rawValue.lowercased(), $0) }
        }
    }

    /// The closing lines; `quiet` keeps the headline and, after a failure, where to look. Failed tasks are named by
    /// `names` (display path, then the key the `tarmac logs` line takes) when given.
    static func lines(_ summary: RunSummary, quiet: Bool = false, names: DisplayNames? = nil) -> [String] {
        let counted = counts(summary).map { "\($0.count) \($0.state.replacingOccurrences(of: "_", with: " "))" }
        let duration = ProgressRenderer.duration(max(0, summary.finished.timeIntervalSince(summary.started)))
        var lines = ["run \(summary.runID) \(summary.state.rawValue) in \(duration): "
                     + (counted.isEmpty ? "no tasks" : counted.joined(separator: ", "))]
        let failed = summary.tasks.compactMap { $0.kind != "dag" && $0.state == .failed ? $0.name : nil }
        if !failed.isEmpty { lines.append("  failed: " + failed.map { names?.titled($0) ?? $0 }.joined(separator: ", ")) }
        for error in summary.outputErrors { lines.append("tarmac: warning: \(error)") }
        let id = String(summary.runID.prefix(8))
        let next = nextCommands(id: id, failed: failed)
        if quiet { return lines + (failed.isEmpty ? [] : next.dropFirst().map { "  " + $0 }) }
        lines += outputs(summary)
        lines += metrics(summary)
        if !next.isEmpty { lines += ["next:"] + next.map { "  " + $0 } }
        return lines
    }

    /// `tarmac report ID`, then `tarmac logs ID TASK` for the first failed tasks.
    static func nextCommands(id: String, failed: [String]) -> [String] {
        ["tarmac report \(id)"] + failed.prefix(3).map { "tarmac logs \(id) \(ShellQuoting.quote($0))" }
    }

    /// `outputs:` and one line per pipeline output: a parameter's JSON, an artifact's path.
    static func outputs(_ summary: RunSummary) -> [String] {
        var lines: [String] = []
        for (name, value) in summary.outputParameters.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(name) = \(elide(value.canonicalJSON, to: 200))")
        }
        for (name, list) in summary.outputArtifacts.sorted(by: { $0.key < $1.key }) {
            for artifact in list { lines.append("  \(name): \(artifact.path)") }
        }
        return lines.isEmpty ? [] : ["outputs:"] + lines
    }

    /// `metrics:` and `task.output.name = value` for the `system.Metrics` artifacts the run's tasks produced.
    static func metrics(_ summary: RunSummary) -> [String] {
        var found: [(String, JSONValue)] = []
        for task in summary.tasks where task.state == .succeeded || task.state == .cached {
            for (output, list) in task.artifacts.sorted(by: { $0.key < $1.key }) {
                for artifact in list where artifact.type.schemaTitle == "system.Metrics" {
                    for (key, value) in artifact.metadata.sorted(by: { $0.key < $1.key }) where key != "display_name" {
                        found.append(("\(task.name).\(output).\(key)", value))
                    }
                }
            }
        }
        return metricLines(found, runID: summary.runID)
    }

    /// `metrics:` and the first ``metricLimit`` metrics, then how many more `tarmac report` shows (pure, for tests).
    static func metricLines(_ metrics: [(name: String, value: JSONValue)], runID: String) -> [String] {
        guard !metrics.isEmpty else { return [] }
        let shown = metrics.prefix(metricLimit).map { "  \($0.name) = \(elide($0.value.canonicalJSON, to: 80))" }
        let rest = metrics.count - shown.count
        return ["metrics:"] + shown + (rest > 0 ? ["  … \(rest) more (tarmac report \(runID.prefix(8)))"] : [])
    }

    private static func elide(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
