import Basics
import Engine
import Foundation
import PipelineIR
import RunDatabase

/// A task instance of a past run and what it was launched with, for `tarmac inspect` and `tarmac shell`.
struct TaskInvocationLookup {
    let run: RunRecord
    let task: TaskRecord
    /// `<pipeline root>/<pipeline>/<run>/<task>` with loop indexes as `.N` (the engine's layout).
    let taskDirectory: String
    let record: InvocationRecord

    /// Finds `task` of run `runID` (or a unique prefix) in the store with what its last attempt was launched with
    /// (recorded in the store; by runs before store schema 4, in `invocation.json` in its task directory).
    static func find(runID: String, task name: String, store: RunStore) throws -> TaskInvocationLookup {
        let run = try RunReference.resolve(runID, in: store)
        guard let task = try store.task(runID: run.id, name: name) else {
            throw IRError("run \(run.id.prefix(8)) has no task '\(name)'", at: .option(name),
                          hint: unknownTaskHint(name, among: try store.tasks(runID: run.id).map(\.name)))
        }
        let directory = RunLayout.taskDirectory(
            runDirectory: RunLayout.runDirectory(pipelineRoot: run.pipelineRoot, pipeline: run.pipelineName, runID: run.id), task: name)
        let record: InvocationRecord?
        do {
            if let json = try store.invocationJSON(runID: run.id, task: name) {
                record = try InvocationRecord.parse(json, source: "the invocation record of '\(name)' in \(store.path)")
            } else {
                record = try InvocationRecord.readLegacyFile(taskDirectory: directory)
            }
        } catch let error as RunStoreError {
            throw error
        } catch {
            throw IRError("cannot read what the task was launched with: \(error)", at: .path(directory))
        }
        guard let record else {
            throw IRError("task '\(name)' of run \(run.id.prefix(8)) never launched a process (state \(task.state))",
                          at: .path(directory),
                          hint: task.state == .cached
                              ? "it came from the cache: inspect the execution that produced the entry (tarmac explain \(run.id.prefix(8)) \(name) names it), or rerun it with --only \(name)"
                              : "only container tasks that started have a command; groups, loops, importers and skipped tasks do not")
        }
        return TaskInvocationLookup(run: run, task: task, taskDirectory: directory, record: record)
    }

    /// For a task name a run does not have: the instances it may mean (`add` → `for-loop-2[0]/add`), else the run's tasks.
    static func unknownTaskHint(_ name: String, among names: [String]) -> String? {
        let near = names.filter { $0.hasSuffix("/" + name) || $0.hasPrefix(name + "[") }.sorted()
        if !near.isEmpty { return "did you mean " + near.prefix(5).joined(separator: ", ") + "?" }
        return names.isEmpty ? nil : "its tasks: " + names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", …" : "")
    }

    /// Variable names whose values `inspect` hides.
    static func isSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "API_KEY", "ACCESS_KEY", "PRIVATE_KEY", "AUTH"]
            .contains { upper.contains($0) }
    }

    /// The environment a process of the task gets now: the caller's, with what the task added.
    func environment(base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        base.merging(record.environment) { _, task in task }
    }
}

/// Indented JSON for people (two spaces, keys sorted).
enum PrettyJSON {
    static func render(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { inner + render($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let members) where !members.isEmpty:
            return "{\n" + members.keys.sorted().map { key in
                var quoted = ""
                JSONValue.writeEscaped(key, into: &quoted)
                return inner + quoted + ": " + render(members[key]!, indent: inner)
            }.joined(separator: ",\n") + "\n\(indent)}"
        default:
            return value.canonicalJSON
        }
    }
}
