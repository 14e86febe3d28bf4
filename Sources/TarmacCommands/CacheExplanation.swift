import Basics
import Planner
import RunDatabase

/// Says why a task ran instead of coming from the cache (ninja's `-d explain`): the parts of its key
/// that changed since the previous execution of the same task of the same pipeline.
enum CacheExplanation {
    /// One block per task of `run` that has a cache status, in name order (`run --explain`).
    static func explain(run: RunRecord, store: RunStore) throws -> String {
        let tasks = try store.tasks(runID: run.id).filter { $0.cacheStatus != nil }.sorted { $0.name < $1.name }
        return try tasks.map { try explain(task: $0, run: run, store: store).joined(separator: "\n") }.joined(separator: "\n")
    }

    /// The explanation of one task: a first line with the verdict, then one indented line per reason.
    static func explain(task: TaskRecord, run: RunRecord, store: RunStore) throws -> [String] {
        let head = "\(task.name): "
        switch task.cacheStatus {
        case "hit"?:
            let entry = try task.cacheKey.flatMap { try store.cacheEntry(pipeline: run.pipelineName, key: $0) }
            return [head + "CACHED" + (entry.map { " (outputs of \($0.taskName) in run \($0.runID.prefix(8)))" } ?? "")]
        case "disabled"?:
            return [head + "ran: caching is disabled for this task (enableCache is false: set_caching_options(False), "
                    + "or compiled with KFP_DISABLE_EXECUTION_CACHING_BY_DEFAULT)"]
        case "off"?:
            return [head + "ran: the run did not use the cache (--no-cache or --cache-mode off)"]
        case "forced"?:
            return [head + "ran: forced by --from or --only (no lookup)"]
        case "reused"?:
            return [head + "CACHED: --only reused the outputs of its latest earlier execution"]
        case "write-only"?:
            return [head + "ran: --cache-mode write never looks up"]
        case "miss"?:
            return [head + "ran (cache miss)"] + (try missReasons(task: task, run: run, store: store)).map { "  - " + $0 }
        default:
            return [head + "not a cached kind of task (\(task.state))"]
        }
    }

    private static func missReasons(task: TaskRecord, run: RunRecord, store: RunStore) throws -> [String] {
        try missReasons(name: task.name, description: task.cacheDescriptionJSON.flatMap { try? JSONValue.parse($0) }, run: run, store: store)
    }

    /// Why an execution of task `name` whose key hashes `description` missed: what changed since the
    /// previous execution of that task with a key, before `run` (also used by `plan --cache`).
    static func missReasons(name: String, description: JSONValue?, run: RunRecord, store: RunStore) throws -> [String] {
        guard let previous = try store.previousKeyedExecution(of: name, pipeline: run.pipelineName, before: run) else {
            return ["no earlier execution of this task with a cache key in this store"]
        }
        let when = "run \(previous.runID.prefix(8))"
        guard let old = previous.cacheDescriptionJSON.flatMap({ try? JSONValue.parse($0) }), let description else {
            return ["its key differs from \(when)"]
        }
        if old == description {
            if previous.state == "FAILED" || previous.state == "CANCELED" {
                return ["same key as in \(when), whose execution \(previous.state == "FAILED" ? "failed" : "was canceled") (only successes are cached)"]
            }
            return ["same key as in \(when), but no usable entry: it was not written (--cache-mode read), "
                    + "pruned or cleared, or its objects were missing or damaged (this run repaired it)"]
        }
        let changes = CacheKeyDiff.changes(from: old, to: description)
        return changes.isEmpty ? ["its key differs from \(when)"] : changes.map { "since \(when): " + $0 }
    }
}
