import Basics
import Engine
import Foundation
import Planner

/// The `--json` document of a run.
enum RunJSON {
    /// The document. Per task: `name` and `key` its path key (the id other commands take), `display_name` its
    /// `taskInfo.name`, `display_path` what the live view, JUnit and the report show (from `names`).
    static func render(_ summary: RunSummary, names: DisplayNames? = nil) -> String {
        let formatter = ISO8601DateFormatter()
        let precise = ISO8601DateFormatter()
        precise.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        func date(_ value: Date?) -> JSONValue { value.map { .string(formatter.string(from: $0)) } ?? .null }
        func seconds(_ value: Double?) -> JSONValue { value.map { .number(($0 * 1000).rounded() / 1000) } ?? .null }
        let tasks: [JSONValue] = summary.tasks.map { task in
            let attempts: [JSONValue] = task.attemptTimes.map { attempt in
                .object(["attempt": .number(Double(attempt.attempt)), "started": .string(precise.string(from: attempt.started)),
                         "finished": attempt.finished.map { .string(precise.string(from: $0)) } ?? .null,
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
        let counts = RunClosing.counts(summary).map { JSONValue.number(Double($0.count)) }
        let document: JSONValue = .object([
            "run_id": .string(summary.runID), "pipeline": .string(summary.pipeline), "state": .string(summary.state.rawValue),
            "started": date(summary.started), "finished": date(summary.finished),
            "duration_seconds": seconds(summary.finished.timeIntervalSince(summary.started)),
            "counts": .object(Dictionary(uniqueKeysWithValues: zip(RunClosing.counts(summary).map(\.state), counts))),
            "outputs": summary.outputsJSON, "tasks": .array(tasks),
            "schema_version": .number(Double(RecordJSON.schemaVersion)),
        ])
        return document.canonicalJSON
    }
}
