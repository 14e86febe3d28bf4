import Basics
import Engine
import Foundation
import Planner

/// The `--json` document of a run and the human closing line.
enum RunJSON {
    /// The document. Per task: `name` and `key` its path key (the id other commands take), `display_name` its
    /// `taskInfo.name`, `display_path` what the live view, JUnit and the report show (from `names`).
    static func render(_ summary: RunSummary, names: DisplayNames? = nil) -> String {
        let formatter = ISO8601DateFormatter()
        func date(_ value: Date?) -> JSONValue { value.map { .string(formatter.string(from: $0)) } ?? .null }
        let tasks: [JSONValue] = summary.tasks.map { task in
            .object([
                "name": .string(task.name), "key": .string(task.name),
                "display_name": .string(task.displayName), "display_path": .string(names?.path(of: task.name) ?? task.name), "state": .string(task.state.rawValue),
                "exit_code": task.exitCode.map { .number(Double($0)) } ?? .null, "attempts": .number(Double(task.attempts)),
                "started": date(task.started), "finished": date(task.finished), "kind": .string(task.kind),
                "error": task.error.map(JSONValue.string) ?? .null,
            ])
        }
        let document: JSONValue = .object([
            "run_id": .string(summary.runID), "pipeline": .string(summary.pipeline), "state": .string(summary.state.rawValue),
            "outputs": summary.outputsJSON, "tasks": .array(tasks),
            "schema_version": .number(Double(RecordJSON.schemaVersion)),
        ])
        return document.canonicalJSON
    }

    static func closingLine(_ summary: RunSummary, store: String) -> String {
        let failed = summary.tasks.filter { $0.state == .failed && $0.kind != "dag" }
        var line = "run \(summary.runID) \(summary.state.rawValue): \(summary.tasks.filter { $0.kind != "dag" }.count) tasks"
        if !failed.isEmpty { line += ", failed: " + failed.map(\.name).joined(separator: ", ") }
        for error in summary.outputErrors { line += "\ntarmac: warning: \(error)" }
        return line
    }
}
