import Basics
import Engine
import Foundation
import Planner

/// The `--json` document of a run.
enum RunJSON {
    /// The document. Per task: `name` and `key` its path key (the id other commands take), `display_name` its
    /// `taskInfo.name`, `display_path` what the live view, JUnit and the report show (from `names`).
    static func render(_ summary: RunSummary, names: DisplayNames? = nil) -> String {
        let date = { (value: Date?) in RecordJSON.date(value) }
        let seconds = { (value: Double?) in RecordJSON.seconds(value) }
        let tasks: [JSONValue] = summary.tasks.map { task in
            let attempts: [JSONValue] = task.attemptTimes.map { attempt in
                .object(["attempt": .number(Double(attempt.attempt)), "started": RecordJSON.date(attempt.started, precise: true),
                         "finished": RecordJSON.date(attempt.finished, precise: true),
                         "duration_seconds": seconds(attempt.duration),
                         "exit_code": attempt.exitCode.map { .number(Double($0)) } ?? .null])
            }
            return .object([
                "name": .string(task.name), "key": .string(task.name), "display_name": .string(task.displayName),
                "display_path": .string(names?.path(of: task.name) ?? task.name), "state": .string(task.state.rawValue),
                "exit_code": task.exitCode.map { .number(Double($0)) } ?? .null, "attempts": .number(Double(task.attempts)),
                "queued": date(task.queued), "started": date(task.started), "finished": date(task.finished),
                "duration_seconds": seconds(task.duration), "attempt_times": .array(attempts),
                "kind": .string(task.kind), "error": task.error.map(JSONValue.string) ?? .null,
            ])
        }
        let counts = RunClosing.counts(summary)
        let document: JSONValue = .object([
            "run_id": .string(summary.runID), "pipeline": .string(summary.pipeline), "state": .string(summary.state.rawValue),
            "started": date(summary.started), "finished": date(summary.finished),
            "duration_seconds": seconds(summary.finished.timeIntervalSince(summary.started)),
            "counts": .object(Dictionary(uniqueKeysWithValues: counts.map { ($0.state, JSONValue.number(Double($0.count))) })),
            "outputs": summary.outputsJSON, "tasks": .array(tasks),
            "schema_version": .number(Double(RecordJSON.schemaVersion)),
        ])
        return document.canonicalJSON
    }
}
